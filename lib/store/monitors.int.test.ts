import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { loadConfig } from '../config';
import { createContext, type AppContext } from '../context';
import { CorruptRecordError, UserError } from '../errors';
import { maskSecrets, openSecrets } from '.';

let server: TestRedis;
let redis: Redis;
let ctx: AppContext;

beforeAll(async () => {
  server = await startRedis();
  redis = server.client();
  ctx = createContext('daemon', loadConfig({ REDIS_URL: server.url, IMALERT_SECRET_KEY: 'b'.repeat(64), IMALERT_KEY_PREFIX: 'store-test' } as unknown as NodeJS.ProcessEnv), redis);
});
afterAll(async () => server?.stop());

const redisMonitor = (name: string, password = 'hunter2-very-secret') => ({
  kind: 'redis', name, cron: '*/5 * * * *', timeZone: 'Europe/Berlin', host: 'cache.internal', port: 6379, password, watchHealth: true,
});

/** Every value in the test's Redis (strings, hashes, sets, zsets, lists), as one text. */
async function everythingInRedis(): Promise<string> {
  const parts: string[] = [];
  for (const key of await redis.keys('*')) {
    const type = await redis.type(key);
    if (type === 'string') parts.push((await redis.get(key)) ?? '');
    if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
    if (type === 'set') parts.push((await redis.smembers(key)).join(' '));
    if (type === 'zset') parts.push((await redis.zrange(key, 0, -1)).join(' '));
    if (type === 'list') parts.push((await redis.lrange(key, 0, -1)).join(' '));
  }
  return parts.join('\n');
}

describe('monitor store: secrets', () => {
  it('are never in Redis in plain text and round-trip for the worker', async () => {
    const created = await ctx.monitors.create(redisMonitor('secret one'));
    const elastic = await ctx.monitors.create({ kind: 'elastic', name: 'es', cron: '0 * * * *', url: 'https://es.internal', user: 'u', password: 'elastic-pass-123', authRequired: true, watchHealth: true });
    const all = await everythingInRedis();
    expect(all).not.toContain('hunter2-very-secret');
    expect(all).not.toContain('elastic-pass-123');
    expect(all).toContain('enc:v1:');
    const stored = (await ctx.monitors.get(created.id))!;
    expect(openSecrets(stored, ctx.keyring)).toMatchObject({ password: 'hunter2-very-secret' });
    expect(openSecrets((await ctx.monitors.get(elastic.id))!, ctx.keyring)).toMatchObject({ password: 'elastic-pass-123' });
    expect(maskSecrets(stored)).toMatchObject({ password: '', secretsSet: { password: true } });
  });

  it('an empty secret on an edit keeps the stored one; a new one replaces it', async () => {
    const created = await ctx.monitors.create(redisMonitor('secret two'));
    await ctx.monitors.update(created.id, { ...redisMonitor('secret two renamed'), password: '' });
    expect(openSecrets((await ctx.monitors.get(created.id))!, ctx.keyring)).toMatchObject({ name: 'secret two renamed', password: 'hunter2-very-secret' });
    await ctx.monitors.update(created.id, redisMonitor('secret two renamed', 'rotated-pass'));
    expect(openSecrets((await ctx.monitors.get(created.id))!, ctx.keyring)).toMatchObject({ password: 'rotated-pass' });
  });
});

describe('monitor store: corrupt records', () => {
  it('give an error naming the monitor, and a listing still shows the others', async () => {
    const good = await ctx.monitors.create({ kind: 'remind', name: 'fine', cron: '0 9 * * *', message: 'hello' });
    const bad = await ctx.monitors.create({ kind: 'remind', name: 'to be broken', cron: '0 9 * * *', message: 'hello' });
    await redis.set(ctx.keys.monitor(bad.id), JSON.stringify({ ...bad, kind: 'remind', message: 42 }));
    await expect(ctx.monitors.get(bad.id)).rejects.toThrow(CorruptRecordError);
    await expect(ctx.monitors.get(bad.id)).rejects.toThrow(`Stored record ${bad.id} is unreadable: message:`);
    const listed = await ctx.monitors.list(0, 1000);
    expect(listed.find((m) => m.id === good.id)?.monitor?.name).toBe('fine');
    expect(listed.find((m) => m.id === bad.id)?.error).toContain(bad.id);
    // It can still be deleted, with its schedule entry.
    await ctx.monitors.remove(bad.id);
    expect(await redis.exists(ctx.keys.monitor(bad.id))).toBe(0);
    expect(await redis.zscore(ctx.keys.schedule, bad.id)).toBeNull();
  });
});

describe('monitor store: record and schedule change together', () => {
  it('create schedules, pause unschedules, resume reschedules, delete removes everything', async () => {
    const [seconds] = await redis.time();
    const m = await ctx.monitors.create({ kind: 'tcp', name: 'lifecycle', cron: '*/5 * * * *', host: 'h', port: 22 });
    expect(Number(await redis.zscore(ctx.keys.schedule, m.id))).toBeGreaterThan(Number(seconds) * 1000);
    expect(await redis.hget(ctx.keys.state(m.id), 'status')).toBe('pending');

    await ctx.monitors.patch(m.id, { enabled: false });
    expect(await redis.zscore(ctx.keys.schedule, m.id)).toBeNull();
    expect(await redis.sismember(ctx.keys.indexPaused, m.id)).toBe(1);

    await ctx.monitors.patch(m.id, { enabled: true });
    expect(await redis.zscore(ctx.keys.schedule, m.id)).not.toBeNull();
    expect(await redis.sismember(ctx.keys.indexPaused, m.id)).toBe(0);

    await redis.hset(ctx.keys.locks, m.id, `a-worker-that-died|1-0|${Date.now() + 60_000}`, 'another-monitor', 'x|1-1|1');
    await ctx.monitors.remove(m.id);
    expect(await redis.exists(ctx.keys.monitor(m.id), ctx.keys.state(m.id))).toBe(0);
    expect(await redis.hkeys(ctx.keys.locks)).toEqual(['another-monitor']);
    expect(await redis.zscore(ctx.keys.schedule, m.id)).toBeNull();
    expect(await redis.zscore(ctx.keys.monitorIds, m.id)).toBeNull();
    expect(await ctx.monitors.findIdByName('lifecycle')).toBeNull();
  });

  it('an edit of the schedule moves the score; an edit of anything else keeps a due score', async () => {
    const m = await ctx.monitors.create({ kind: 'tcp', name: 'edits', cron: '0 0 1 1 *', host: 'h', port: 22 });
    const yearly = await redis.zscore(ctx.keys.schedule, m.id);
    await ctx.monitors.update(m.id, { kind: 'tcp', name: 'edits', cron: '*/5 * * * *', host: 'h', port: 22 });
    const fiveMinutes = await redis.zscore(ctx.keys.schedule, m.id);
    expect(Number(fiveMinutes)).toBeLessThan(Number(yearly));
    await redis.zadd(ctx.keys.schedule, 5, m.id); // due, not yet dispatched
    await ctx.monitors.update(m.id, { kind: 'tcp', name: 'edits', cron: '*/5 * * * *', host: 'other', port: 22 });
    expect(await redis.zscore(ctx.keys.schedule, m.id)).toBe('5');
  });

  it('names are unique regardless of case, and a failed save changes nothing', async () => {
    await ctx.monitors.create({ kind: 'remind', name: 'Unique Name', cron: '0 9 * * *', message: 'x' });
    const before = await redis.dbsize();
    await expect(ctx.monitors.create({ kind: 'remind', name: 'unique name', cron: '0 9 * * *', message: 'x' })).rejects.toThrow('A monitor with this name already exists.');
    await expect(ctx.monitors.create({ kind: 'remind', name: 'bad', cron: 'nope', message: 'x' })).rejects.toThrow(UserError);
    expect(await redis.dbsize()).toBe(before);
  });
});
