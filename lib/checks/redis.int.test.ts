import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { freePort, waitFor } from '../../test/support/ports';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { redisMonitorOf } from '../../test/support/targets/monitor';
import { runCheck } from './index';

type Watch = Partial<{ watchHealth: boolean; watchKeys: boolean; minKeys: number; maxKeys: number; watchIops: boolean; minIops: number; maxIops: number; password: string; timeoutMs: number }>;

const redisMonitor = (port: number, watch: Watch) =>
  redisMonitorOf({
    host: '127.0.0.1', port, password: '', mode: 'standalone', otherNodes: [], tls: false,
    watchHealth: false, watchKeys: false, minKeys: 0, maxKeys: 1_000_000, watchIops: false, minIops: 0, maxIops: 1_000_000, timeoutMs: 3000,
    ...watch,
  });

let plain: TestRedis;
let locked: TestRedis;
let client: Redis;
beforeAll(async () => {
  plain = await startRedis();
  locked = await startRedis();
  client = plain.client();
  // startRedis probes without a password, so the password is set once the server is up
  // (the same as --requirepass; connections already open stay authenticated).
  await locked.client().config('SET', 'requirepass', 'open-sesame-42');
});
afterAll(async () => {
  await Promise.all([plain?.stop(), locked?.stop()]);
});
beforeEach(async () => {
  await client.flushall();
});

describe('I Watch Redis, standalone', () => {
  it('passes on a healthy server: connect, PING', async () => {
    const result = await runCheck(redisMonitor(plain.port, { watchHealth: true }));
    expect(result.ok).toBe(true);
    expect(result.message).toBe(`127.0.0.1:${plain.port}: PONG`);
    expect(result.details).toMatchObject({ mode: 'standalone', nodes: [{ address: `127.0.0.1:${plain.port}`, reachable: true, ping: 'PONG' }] });
  });

  it('authenticates with the password and passes', async () => {
    const result = await runCheck(redisMonitor(locked.port, { watchHealth: true, watchKeys: true, password: 'open-sesame-42' }));
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toContain('open-sesame-42');
  });

  it('fails on a wrong password, without showing it', async () => {
    const result = await runCheck(redisMonitor(locked.port, { watchHealth: true, password: 'wrong-guess-17' }));
    expect(result.ok).toBe(false);
    expect(result.message).toContain(`127.0.0.1:${locked.port} rejected the password: WRONGPASS`);
    expect(JSON.stringify(result)).not.toContain('wrong-guess-17');
  });

  it('fails when a password is needed and none is configured', async () => {
    const result = await runCheck(redisMonitor(locked.port, { watchHealth: true }));
    expect(result.ok).toBe(false);
    expect(result.message).toBe(`127.0.0.1:${locked.port} answered with an error: NOAUTH Authentication required.`);
  });

  it('fails fast on a port where nothing listens', async () => {
    const port = await freePort();
    const started = performance.now();
    const result = await runCheck(redisMonitor(port, { watchHealth: true, timeoutMs: 5000 }));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.ok).toBe(false);
    expect(result.message).toBe(`127.0.0.1:${port} cannot be reached: connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('fails, saying why, when the monitor says cluster but the server is not one', async () => {
    const result = await runCheck({ ...redisMonitor(plain.port, { watchHealth: true }), mode: 'cluster' });
    expect(result.ok).toBe(false);
    expect(result.message).toBe(`Could not read the cluster's nodes from 127.0.0.1:${plain.port}: ERR This instance has cluster support disabled`);
  });

  it('checks the key count against min and max, both ways', async () => {
    await client.mset(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`key:${i}`, i])));
    const tooMany = await runCheck(redisMonitor(plain.port, { watchKeys: true, minKeys: 0, maxKeys: 10 }));
    expect(tooMany.ok).toBe(false);
    expect(tooMany.message).toBe('keys: 20 vs at most 10');
    expect(tooMany.details).toMatchObject({ nodes: [{ keys: 20 }] });

    const tooFew = await runCheck(redisMonitor(plain.port, { watchKeys: true, minKeys: 50, maxKeys: 100 }));
    expect(tooFew.ok).toBe(false);
    expect(tooFew.message).toBe('keys: 20 vs at least 50');

    const inRange = await runCheck(redisMonitor(plain.port, { watchKeys: true, minKeys: 20, maxKeys: 20 }));
    expect(inRange.ok).toBe(true);
    expect(inRange.message).toBe(`127.0.0.1:${plain.port}: 20 keys (expected 20–20)`);
  });

  it('checks only the watches that are on', async () => {
    await client.mset({ a: 1, b: 2, c: 3 });
    const result = await runCheck(redisMonitor(plain.port, { watchKeys: true, maxKeys: 1, minIops: 1_000_000 }));
    expect(result.message).toBe('keys: 3 vs at most 1');
    const [node] = (result.details as { nodes: Record<string, unknown>[] }).nodes;
    expect(node).not.toHaveProperty('iops');
    expect(node).not.toHaveProperty('ping');
  });

  it('fails when an idle server is below the minimum IOPS', async () => {
    const result = await runCheck(redisMonitor(plain.port, { watchIops: true, minIops: 1000, maxIops: 1_000_000 }));
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^ops\/s: \d+ vs at least 1000$/);
  });

  it('fails when a server under load is above the maximum IOPS, and passes under a generous one', async () => {
    const loader = plain.client();
    let loading = true;
    const load = (async () => {
      while (loading) {
        const batch = loader.pipeline();
        for (let i = 0; i < 200; i += 1) batch.incr('counter');
        await batch.exec();
      }
    })();
    try {
      await waitFor(async () => Number(/instantaneous_ops_per_sec:(\d+)/.exec(await client.info('stats'))?.[1]) > 500, 10_000, 100, 'load to show in INFO');
      const result = await runCheck(redisMonitor(plain.port, { watchIops: true, minIops: 0, maxIops: 10 }));
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(/^ops\/s: \d+ vs at most 10$/);
      const iops = (result.details as { nodes: { iops: number }[] }).nodes[0].iops;
      expect(iops).toBeGreaterThan(10);
      const generous = await runCheck(redisMonitor(plain.port, { watchIops: true, minIops: 1, maxIops: 100_000_000 }));
      expect(generous.ok).toBe(true);
    } finally {
      loading = false;
      await load;
      loader.disconnect();
    }
  });
});
