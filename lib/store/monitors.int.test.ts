import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { loadConfig } from '../config';
import { createContext, type AppContext } from '../context';
import { CorruptRecordError, UserError } from '../errors';
import { addChannel } from '../alerts/channels';
import { createMonitorStore, maskSecrets, openSecrets } from '.';

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

  it('secret headers are sealed like passwords, masked for people, and a secret of the longest length still reads back', async () => {
    const longToken = `Authorization: Bearer ${'t'.repeat(7970)}`;
    const created = await ctx.monitors.create({ kind: 'http', name: 'with secret headers', cron: '0 * * * *', url: 'https://app.internal/', headers: 'X-Env: prod', secretHeaders: longToken });
    const all = await everythingInRedis();
    expect(all).not.toContain('t'.repeat(100));
    expect(all).toContain('X-Env: prod');
    const stored = (await ctx.monitors.get(created.id))!;
    expect(openSecrets(stored, ctx.keyring)).toMatchObject({ secretHeaders: longToken });
    expect(maskSecrets(stored)).toMatchObject({ headers: 'X-Env: prod', secretHeaders: '', secretsSet: { secretHeaders: true } });
    const password = await ctx.monitors.create(redisMonitor('longest password', 'p'.repeat(1000)));
    expect(openSecrets((await ctx.monitors.get(password.id))!, ctx.keyring)).toMatchObject({ password: 'p'.repeat(1000) });
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

describe('monitor store: secrets are encrypted whatever they look like', () => {
  it('a password typed like a stored ciphertext is encrypted, and reaches the check as typed', async () => {
    const typed = `enc:v1:deadbeef:${'A'.repeat(16)}:${'B'.repeat(22)}:${'C'.repeat(12)}`;
    const created = await ctx.monitors.create(redisMonitor('looks encrypted', typed));
    const stored = JSON.parse((await redis.get(ctx.keys.monitor(created.id)))!) as { password: string };
    expect(stored.password).not.toBe(typed);
    expect(await everythingInRedis()).not.toContain(typed);
    expect(openSecrets((await ctx.monitors.get(created.id))!, ctx.keyring)).toMatchObject({ password: typed });
  });

  it('a pause, a mute and a copy keep the secret as it was', async () => {
    const created = await ctx.monitors.create(redisMonitor('kept secret'));
    await ctx.monitors.patch(created.id, { enabled: false });
    await ctx.monitors.patch(created.id, { mutedUntil: Date.now() + 60_000 });
    const copy = await ctx.monitors.duplicate(created.id, 'kept secret copy');
    expect(openSecrets((await ctx.monitors.get(created.id))!, ctx.keyring)).toMatchObject({ password: 'hunter2-very-secret', enabled: false });
    expect(openSecrets((await ctx.monitors.get(copy.id))!, ctx.keyring)).toMatchObject({ password: 'hunter2-very-secret' });
  });
});

describe('monitor store: every write goes through the schema', () => {
  const DAY = 24 * 60 * 60 * 1000;

  it.each([
    ['far beyond any date', 12032472144000000],
    ['in the past', 1],
    ['more than a year ahead', Date.now() + 400 * DAY],
  ])('a mute end %s is a field error and changes nothing', async (_what, mutedUntil) => {
    const m = await ctx.monitors.create({ kind: 'tcp', name: `mute ${mutedUntil}`, cron: '*/5 * * * *', host: 'h', port: 22 });
    const before = await redis.get(ctx.keys.monitor(m.id));
    const error = await ctx.monitors.patch(m.id, { mutedUntil }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).fieldErrors.mutedUntil?.length).toBeGreaterThan(0);
    expect(await redis.get(ctx.keys.monitor(m.id))).toBe(before);
    await ctx.monitors.patch(m.id, { mutedUntil: null }); // unmute still works
    expect((await ctx.monitors.get(m.id))?.mutedUntil).toBeNull();
  });

  it('a mute that has ended does not block a pause or an edit; the edit stores it as no mute', async () => {
    const m = await ctx.monitors.create({ kind: 'tcp', name: 'ended mute', cron: '*/5 * * * *', host: 'h', port: 22, mutedUntil: Date.now() + DAY });
    const json = (await redis.get(ctx.keys.monitor(m.id)))!;
    await redis.set(ctx.keys.monitor(m.id), JSON.stringify({ ...JSON.parse(json), mutedUntil: Date.now() - DAY }));
    await ctx.monitors.patch(m.id, { enabled: false });
    const paused = (await ctx.monitors.get(m.id))!;
    expect(paused.enabled).toBe(false);
    // The edit form sends the stored mute end back, as the update action does.
    await ctx.monitors.update(m.id, { kind: 'tcp', name: 'ended mute', cron: '*/5 * * * *', host: 'h2', port: 22, mutedUntil: paused.mutedUntil });
    expect(await ctx.monitors.get(m.id)).toMatchObject({ host: 'h2', mutedUntil: null });
  });

  it('a record an older version stored with a mute end beyond any date is readable, can be paused and unmuted', async () => {
    const m = await ctx.monitors.create({ kind: 'tcp', name: 'mute from before', cron: '*/5 * * * *', host: 'h', port: 22 });
    const json = (await redis.get(ctx.keys.monitor(m.id)))!;
    await redis.set(ctx.keys.monitor(m.id), JSON.stringify({ ...JSON.parse(json), mutedUntil: 12032472144000000 }));
    const read = (await ctx.monitors.get(m.id))!;
    expect(new Date(read.mutedUntil!).getTime()).toBeGreaterThan(Date.now() + 1000 * DAY); // still muted, and a real date
    await ctx.monitors.patch(m.id, { enabled: false });
    expect(await ctx.monitors.get(m.id)).toMatchObject({ enabled: false, mutedUntil: read.mutedUntil });
    await ctx.monitors.patch(m.id, { mutedUntil: null });
    expect((await ctx.monitors.get(m.id))?.mutedUntil).toBeNull();
  });

  it('a pause or unmute works on a record saved under a rule made stricter since; a bad change is refused', async () => {
    const m = await ctx.monitors.create({ kind: 'tcp', name: 'older rules', cron: '*/10 * * * * *', host: 'h', port: 22, mutedUntil: Date.now() + DAY });
    const stricter = createMonitorStore({ redis, keys: ctx.keys, keyring: ctx.keyring, config: ctx.config, minIntervalSeconds: 3600 });
    await stricter.patch(m.id, { enabled: false });
    await stricter.patch(m.id, { mutedUntil: null });
    expect(await stricter.get(m.id)).toMatchObject({ enabled: false, mutedUntil: null, cron: '*/10 * * * * *' });
    const error = await stricter.patch(m.id, { enabled: 'yes' as unknown as boolean }).catch((e: unknown) => e);
    expect((error as UserError).fieldErrors).toMatchObject({ enabled: ['Enabled must be true or false'] });
  });

  it('loose JSON numbers are refused on create and update', async () => {
    await expect(ctx.monitors.create({ kind: 'tcp', name: 'loose', cron: '*/5 * * * *', host: 'h', port: [443] })).rejects.toThrow(UserError);
    await expect(ctx.monitors.create({ kind: 'tcp', name: 'loose', cron: '*/5 * * * *', host: 'h', port: '0x50' })).rejects.toThrow(UserError);
    const m = await ctx.monitors.create({ kind: 'tcp', name: 'loose', cron: '*/5 * * * *', host: 'h', port: 443 });
    const error = await ctx.monitors.update(m.id, { kind: 'tcp', name: 'loose', cron: '*/5 * * * *', host: 'h', port: 443, failureThreshold: [3] }).catch((e: unknown) => e);
    expect((error as UserError).fieldErrors).toMatchObject({ failureThreshold: ['Failure threshold must be a number'] });
    expect((await ctx.monitors.get(m.id))?.failureThreshold).toBe(1);
  });

  it('an unknown channel id is a field error; a known one is kept', async () => {
    const channel = await addChannel(ctx, { name: 'ops', url: 'http://127.0.0.1:9/hook' });
    const before = await redis.dbsize();
    const error = await ctx.monitors.create({ kind: 'tcp', name: 'channels', cron: '*/5 * * * *', host: 'h', port: 22, channelIds: ['nosuchchannel'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).fieldErrors).toEqual({ channelIds: ['No such channel: nosuchchannel'] });
    expect(await redis.dbsize()).toBe(before);
    const m = await ctx.monitors.create({ kind: 'tcp', name: 'channels', cron: '*/5 * * * *', host: 'h', port: 22, channelIds: [channel.id] });
    expect(m.channelIds).toEqual([channel.id]);
  });
});
