import { describe, expect, it } from 'vitest';
import { loadConfig, requireRedisUrl } from './config';
import { ConfigError } from './errors';

const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;

describe('loadConfig', () => {
  it('stops on a bad value with a message naming the variable', () => {
    const bad = () => loadConfig(env({ CONTROLLER_TICK_MS: 'soon', REDIS_URL: 'http://localhost:6379' }));
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/CONTROLLER_TICK_MS: /);
    expect(bad).toThrow(/REDIS_URL: must start with redis:\/\/ or rediss:\/\//);
  });

  it('reads an empty variable, as copied from .env.example, as unset', () => {
    const config = loadConfig(env({ REDIS_URL: '', WORKER_MAX_THREADS: ' ', PORT: '' }));
    expect(config.REDIS_URL).toBeUndefined();
    expect(config).toMatchObject({ WORKER_MAX_THREADS: 1, PORT: 3000 });
  });
});

describe('requireRedisUrl', () => {
  it('says how to get a Redis when REDIS_URL is missing', () => {
    expect(() => requireRedisUrl(loadConfig(env({})))).toThrow(
      'REDIS_URL is not set. Set it (redis:// or rediss://), or use `npm start`, which runs a local redis-server for you.',
    );
    expect(requireRedisUrl(loadConfig(env({ REDIS_URL: 'rediss://cache.example:6380' })))).toBe('rediss://cache.example:6380');
  });
});
