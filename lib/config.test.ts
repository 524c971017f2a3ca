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

describe('the metrics settings', () => {
  it('serve nothing by default, on 127.0.0.1 once METRICS_PORT is set', () => {
    const defaults = loadConfig(env({}));
    expect([defaults.METRICS_PORT, defaults.METRICS_HOST, defaults.METRICS_TOKEN]).toEqual([undefined, '127.0.0.1', undefined]);
    expect(loadConfig(env({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', METRICS_TOKEN: 'a'.repeat(32) }))).toMatchObject({ METRICS_PORT: 9464, METRICS_HOST: '0.0.0.0' });
  });

  it('refuse a bad port, host or a short token, naming the variable', () => {
    expect(() => loadConfig(env({ METRICS_PORT: '70000' }))).toThrow(/METRICS_PORT: /);
    expect(() => loadConfig(env({ METRICS_PORT: 'metrics' }))).toThrow(/METRICS_PORT: /);
    expect(() => loadConfig(env({ METRICS_HOST: 'not a host!' }))).toThrow(/METRICS_HOST: /);
    expect(() => loadConfig(env({ METRICS_TOKEN: 'short' }))).toThrow(/METRICS_TOKEN: 16 to 200 printable characters/);
    expect(() => loadConfig(env({ METRICS_TOKEN: 'has a space in the middle of it' }))).toThrow(/METRICS_TOKEN: /);
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
