import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createKeys } from '../store/keys';
import { waitFor } from '../../test/support/ports';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { redisMonitorOf } from '../../test/support/targets/monitor';
import type { MonitorOf } from '../monitors/schema';
import type { Condition } from './conditions';
import { redisCounterStore } from './counter-store';
import { runCheck } from './index';

// Each condition against a real redis-server set up to break it; counters between runs are kept in a
// second redis-server standing in for imalert's own.
let watched: TestRedis;
let store: TestRedis;
let admin: Redis;
let counters: ReturnType<typeof redisCounterStore>;
beforeAll(async () => {
  [watched, store] = await Promise.all([startRedis(), startRedis()]);
  admin = watched.client();
  counters = redisCounterStore(store.client(), createKeys('conditions-test'));
});
afterAll(async () => {
  await Promise.all([watched?.stop(), store?.stop()]);
});

type Fields = Parameters<typeof redisMonitorOf>[0];
const monitor = (fields: Partial<Fields>) => redisMonitorOf({ host: '127.0.0.1', port: watched.port, timeoutMs: 3000, ...fields });
const check = (m: MonitorOf<'redis'>) => runCheck(m, { counters });
const conditionsOf = (details: Record<string, unknown>) => details.conditions as Condition[];
const named = (details: Record<string, unknown>, name: string) => conditionsOf(details).filter((c) => c.name === name);
const info = async (field: string) => Number(new RegExp(`^${field}:(\\d+)`, 'm').exec(await admin.info())?.[1]);

describe('I Watch Redis: memory', () => {
  it('fails when used memory passes the maximum % of maxmemory, and measures against the host memory when maxmemory is 0', async () => {
    try {
      const used = await info('used_memory');
      await admin.config('SET', 'maxmemory', String(Math.round(used * 1.5)));
      const calm = await check(monitor({ watchMemory: true }));
      expect(calm.ok).toBe(true);
      expect(named(calm.details, 'memory used (of maxmemory)')[0]).toMatchObject({ comparison: 'at most', threshold: 90, unit: '%', ok: true });

      // Filled to past 90 % of maxmemory, still under it (noeviction refuses writes only past 100 %).
      const max = Math.round(used * 1.5);
      for (let i = 0; (await info('used_memory')) < max * 0.93; i += 1) await admin.set(`fill:${i}`, 'x'.repeat(2000));
      const full = await check(monitor({ watchMemory: true }));
      expect(full.ok).toBe(false);
      expect(full.message).toMatch(/^memory used \(of maxmemory\): 9\d(\.\d)?% vs at most 90%$/);

      await admin.config('SET', 'maxmemory', '0');
      const ofHost = await check(monitor({ watchMemory: true }));
      expect(ofHost.ok).toBe(true);
      expect(named(ofHost.details, 'memory used (of system memory)')).toHaveLength(1);
    } finally {
      await admin.config('SET', 'maxmemory', '0');
      await admin.flushall();
    }
  });
});

describe('I Watch Redis: clients', () => {
  it('fails when connected clients pass the maximum % of maxclients', async () => {
    const others: Redis[] = [];
    try {
      await admin.config('SET', 'maxclients', '10');
      const calm = await check(monitor({ watchClients: true, maxClientsPct: 80 }));
      expect(calm.ok).toBe(true);
      // 8 connections besides the check's own: 9 of 10.
      while ((await info('connected_clients')) < 8) others.push(await connected());
      const busy = await check(monitor({ watchClients: true, maxClientsPct: 80 }));
      expect(busy.ok).toBe(false);
      expect(busy.message).toBe('connected clients (of maxclients): 90% vs at most 80%');
    } finally {
      for (const c of others) c.disconnect();
      await admin.config('SET', 'maxclients', '10000');
    }
  });

  it('counts connections rejected since the last run; a restart of the server counts anew, with no alert', async () => {
    const m = monitor({ watchRejected: true, maxRejected: 0 });
    const first = await check(m);
    expect(first.ok).toBe(true);
    expect(named(first.details, 'rejected connections since the last run')[0].measured).toMatch(/^no earlier sample yet/);
    expect((await check(m)).message).toContain('rejected connections since the last run: 0 vs at most 0');

    const others: Redis[] = [];
    try {
      await admin.config('SET', 'maxclients', '3');
      while ((await info('connected_clients')) < 3) others.push(await connected());
      const before = await info('rejected_connections');
      await expect(connected()).rejects.toThrow();
      await expect(connected()).rejects.toThrow();
      expect(await info('rejected_connections')).toBe(before + 2);
    } finally {
      for (const c of others) c.disconnect();
      await admin.config('SET', 'maxclients', '10000');
    }
    const rejected = await check(m);
    expect(rejected.ok).toBe(false);
    expect(rejected.message).toBe('rejected connections since the last run: 2 vs at most 0');
    expect((await check(m)).ok).toBe(true);

    await watched.kill();
    await watched.restart();
    const afterRestart = await check(m);
    expect(afterRestart.ok).toBe(true);
    expect(named(afterRestart.details, 'rejected connections since the last run')[0].measured).toMatch(/^no earlier sample yet/);
    admin = watched.client();
  });
});

describe('I Watch Redis: evictions', () => {
  it('fails when keys were evicted since the last run, per second above the maximum', async () => {
    const m = monitor({ watchEvictions: true, maxEvictionsPerSec: 0 });
    try {
      await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
      await admin.config('SET', 'maxmemory', String(Math.round((await info('used_memory')) + 200_000)));
      expect((await check(m)).ok).toBe(true);
      const quiet = await check(m);
      expect(named(quiet.details, 'evicted keys per second since the last run')[0]).toMatchObject({ measured: 0, ok: true });
      for (let i = 0; i < 400; i += 1) await admin.set(`evict:${i}`, 'x'.repeat(2000));
      expect(await info('evicted_keys')).toBeGreaterThan(0);
      const evicting = await check(m);
      expect(evicting.ok).toBe(false);
      expect(evicting.message).toMatch(/^evicted keys per second since the last run: \d+(\.\d+)?\/s vs at most 0\/s$/);
      expect((await check({ ...m, maxEvictionsPerSec: 1e9 })).ok).toBe(true);
    } finally {
      await admin.config('SET', 'maxmemory', '0');
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      await admin.flushall();
    }
  });
});

describe('I Watch Redis: persistence and latency', () => {
  it('fails when the last RDB save failed, while RDB is on; says nothing of RDB when it is off', async () => {
    const off = await check(monitor({ watchPersistence: true }));
    expect(off.ok).toBe(true);
    expect(named(off.details, 'last RDB save')).toHaveLength(0);
    await admin.config('SET', 'save', '3600 1');
    try {
      const on = await check(monitor({ watchPersistence: true }));
      expect(on.ok).toBe(true);
      expect(named(on.details, 'hours since the last RDB save')[0]).toMatchObject({ threshold: 24, unit: ' h', ok: true });
      // A save that dies (its child killed) is a failed save: rdb_last_bgsave_status:err.
      await admin.set('k', 'v');
      await admin.config('SET', 'rdb-key-save-delay', '10000000');
      await admin.bgsave();
      const child = await waitFor(() => childOf(watched.pid()), 5000, 20, 'the bgsave child');
      process.kill(child, 'SIGKILL');
      await waitFor(async () => /rdb_last_bgsave_status:err/.test(await admin.info('persistence')), 5000, 20, 'the failed save');
      const failedSave = await check(monitor({ watchPersistence: true }));
      expect(failedSave.ok).toBe(false);
      expect(failedSave.message).toBe('last RDB save: err vs is ok');
    } finally {
      await admin.config('SET', 'rdb-key-save-delay', '0');
      await admin.config('SET', 'save', '');
    }
  });

  it('fails when the PING round trip is over the maximum', async () => {
    const fast = await check(monitor({ watchLatency: true, maxPingMs: 60_000 }));
    expect(fast.ok).toBe(true);
    expect(named(fast.details, 'PING round trip')[0]).toMatchObject({ unit: ' ms', ok: true });
    // The server holds every client's commands for 400 ms, so the PING waits at least that long.
    await admin.client('PAUSE', 400, 'ALL');
    const slow = await check(monitor({ watchLatency: true, maxPingMs: 100 }));
    expect(slow.ok).toBe(false);
    expect(slow.message).toMatch(/^PING round trip: \d+(\.\d)? ms vs at most 100 ms$/);
    expect(named(slow.details, 'PING round trip')[0].measured).toBeGreaterThanOrEqual(300);
  });
});

/** A new connection, resolved once the server took it (a refused one rejects with the server's error). */
async function connected(): Promise<Redis> {
  const client = new Redis({ port: watched.port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw error;
  }
  return client;
}

async function childOf(pid: number): Promise<number | undefined> {
  const { readFileSync } = await import('node:fs');
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return children ? Number(children.split(' ')[0]) : undefined;
  } catch {
    return undefined;
  }
}
