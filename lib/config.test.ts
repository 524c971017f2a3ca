import { describe, expect, it } from 'vitest';
import { loadConfig, requireRedisConnection } from './config';
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

describe('requireRedisConnection', () => {
  it('says how to get a Redis when none is configured', () => {
    expect(() => requireRedisConnection(loadConfig(env({})))).toThrow(
      'REDIS_URL is not set. Set it (redis:// or rediss://), or REDIS_SENTINELS or REDIS_CLUSTER_NODES, or use `npm start`, which runs a local redis-server for you.',
    );
  });

  it('reads a URL, with TLS from its scheme and the password from REDIS_PASSWORD when the URL has none', () => {
    expect(requireRedisConnection(loadConfig(env({ REDIS_URL: 'rediss://cache.example:6380', REDIS_PASSWORD: 's3cret' })))).toEqual({
      mode: 'url', url: 'rediss://cache.example:6380', tls: true, password: 's3cret', caFile: undefined,
    });
  });

  it('reads Sentinel: the sentinels, the master name, both passwords, TLS and its CA', () => {
    const connection = requireRedisConnection(loadConfig(env({
      REDIS_SENTINELS: 'sentinel-a:26379, 10.0.0.2:26380,[::1]:26381', REDIS_SENTINEL_MASTER: 'imalert', REDIS_SENTINEL_PASSWORD: 'watch', REDIS_PASSWORD: 'data', REDIS_TLS: 'true', REDIS_TLS_CA_FILE: '/etc/ca.pem',
    })));
    expect(connection).toEqual({
      mode: 'sentinel', sentinels: [{ host: 'sentinel-a', port: 26379 }, { host: '10.0.0.2', port: 26380 }, { host: '::1', port: 26381 }],
      masterName: 'imalert', sentinelPassword: 'watch', password: 'data', tls: true, caFile: '/etc/ca.pem',
    });
  });

  it('reads Cluster nodes', () => {
    expect(requireRedisConnection(loadConfig(env({ REDIS_CLUSTER_NODES: 'node-1:7000,node-2:7000', REDIS_PASSWORD: 'data' })))).toEqual({
      mode: 'cluster', nodes: [{ host: 'node-1', port: 7000 }, { host: 'node-2', port: 7000 }], password: 'data', tls: false, caFile: undefined,
    });
  });

  it.each([
    [{ REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'b:7000' }, 'REDIS_CLUSTER_NODES: set only one of REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES (REDIS_URL and REDIS_CLUSTER_NODES are set)'],
    [{ REDIS_SENTINELS: 's:26379', REDIS_CLUSTER_NODES: 'b:7000', REDIS_SENTINEL_MASTER: 'm' }, 'REDIS_CLUSTER_NODES: set only one of'],
    [{ REDIS_SENTINELS: 's:26379' }, 'REDIS_SENTINEL_MASTER: the name of the master the sentinels monitor is required with REDIS_SENTINELS'],
    [{ REDIS_CLUSTER_NODES: 'b:7000', REDIS_SENTINEL_MASTER: 'm' }, 'REDIS_SENTINEL_MASTER: only used with REDIS_SENTINELS'],
    [{ REDIS_URL: 'redis://a:6379', REDIS_SENTINEL_PASSWORD: 'x' }, 'REDIS_SENTINEL_PASSWORD: only used with REDIS_SENTINELS'],
    [{ REDIS_URL: 'redis://a:6379', REDIS_TLS: 'true' }, 'REDIS_TLS: with REDIS_URL, TLS is chosen by the scheme: use rediss://'],
    [{ REDIS_URL: 'redis://:pw@a:6379', REDIS_PASSWORD: 'other' }, 'REDIS_PASSWORD: REDIS_URL has a password already; set it in one place'],
    [{ REDIS_CLUSTER_NODES: 'b:7000,c' }, 'REDIS_CLUSTER_NODES: host:port pairs, comma-separated'],
    [{ REDIS_SENTINELS: 's:99999', REDIS_SENTINEL_MASTER: 'm' }, 'REDIS_SENTINELS: host:port pairs, comma-separated'],
    [{ REDIS_CLUSTER_NODES: 'b:7000', REDIS_TLS: 'yes please' }, 'REDIS_TLS: '],
  ])('stops on %j, naming the variable', (vars, message) => {
    const load = () => loadConfig(env(vars as Record<string, string>));
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });
});
