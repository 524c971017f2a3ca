import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { beforeEach, describe, expect, it } from 'vitest';
import { outboxEntries } from '../../test/fixtures/results';
import { redisServerPerFile } from '../../test/support/redis-per-file';
import { loadConfig } from '../config';
import { createContext, type AppContext } from '../context';
import { getRuns, getStates } from '../results';
import { hashPingToken, PING_LIMITS, readPingActivity, readPingDetails, receivePing, setPingToken } from '.';

let redis: Redis;
redisServerPerFile((client) => {
  redis = client;
});

let ctx: AppContext;
beforeEach(() => {
  const prefix = `p${randomBytes(4).toString('hex')}`;
  ctx = createContext('daemon', loadConfig({ IMALERT_SECRET_KEY: 'c'.repeat(64), IMALERT_KEY_PREFIX: prefix, NODE_ENV: 'test' } as unknown as NodeJS.ProcessEnv), redis);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A client address of the test's own, so one test's pings never count against another's limit. */
const client = () => `10.0.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

async function didItRun(overrides: Record<string, unknown> = {}) {
  const monitor = await ctx.monitors.create({ kind: 'heartbeat', name: `backup ${randomBytes(3).toString('hex')}`, cron: '0 3 * * *', graceSeconds: 600, renotifyMinutes: 0, ...overrides });
  const { token } = await readPingDetails(ctx, monitor.id);
  return { monitor, token: token! };
}

const stateOf = async (id: string) => (await getStates(ctx, [id]))[0].state;

/** Every key and value of this test's prefix, as one text. */
async function everythingStored(): Promise<string> {
  const parts: string[] = [];
  for (const key of await redis.keys(`{${ctx.keys.prefix}}*`)) {
    const type = await redis.type(key);
    parts.push(key);
    if (type === 'string') parts.push((await redis.get(key)) ?? '');
    if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
    if (type === 'zset') parts.push((await redis.zrange(key, 0, -1)).join(' '));
    if (type === 'set') parts.push((await redis.smembers(key)).join(' '));
  }
  return parts.join('\n');
}

describe('the ping URL', () => {
  it('a new Did It Run gets one: the index holds its SHA-256, the token itself is stored only encrypted', async () => {
    const { monitor, token } = await didItRun();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await redis.hget(ctx.keys.pingTokens, hashPingToken(token))).toBe(monitor.id);
    expect(await everythingStored()).not.toContain(token);
    expect(await redis.hget(ctx.keys.ping(monitor.id), 'token')).toMatch(/^enc:v1:/);
    // Other kinds get none.
    const tcp = await ctx.monitors.create({ kind: 'tcp', name: 'db', cron: '* * * * *', host: '127.0.0.1', port: 5432 });
    expect((await readPingDetails(ctx, tcp.id)).token).toBeNull();
  });

  it('a copy gets a URL of its own', async () => {
    const { monitor, token } = await didItRun();
    const copy = await ctx.monitors.duplicate(monitor.id, 'backup copy');
    const copied = (await readPingDetails(ctx, copy.id)).token;
    expect(copied).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(copied).not.toBe(token);
  });

  it('rotating: the new URL works at once, the old one answers as a token that never existed', async () => {
    const { monitor, token: old } = await didItRun();
    const fresh = (await setPingToken(ctx, monitor.id))!;
    expect(fresh).not.toBe(old);
    expect((await readPingDetails(ctx, monitor.id)).token).toBe(fresh);
    expect(await receivePing(ctx, old, 'success', client())).toEqual({ outcome: 'unknown' });
    expect(await receivePing(ctx, randomBytes(32).toString('base64url'), 'success', client())).toEqual({ outcome: 'unknown' });
    expect(await receivePing(ctx, fresh, 'success', client())).toEqual({ outcome: 'recorded', event: 'success' });
    expect(await redis.hlen(ctx.keys.pingTokens)).toBe(1);
  });

  it('a malformed token is unknown, as is any token once its monitor is deleted; nothing of its pings is left', async () => {
    expect(await receivePing(ctx, 'not a token', 'success', client())).toEqual({ outcome: 'unknown' });
    expect(await receivePing(ctx, '', 'success', client())).toEqual({ outcome: 'unknown' });
    const { monitor, token } = await didItRun();
    await receivePing(ctx, token, 'start', client());
    await ctx.monitors.remove(monitor.id);
    expect(await receivePing(ctx, token, 'success', client())).toEqual({ outcome: 'unknown' });
    expect(await redis.exists(ctx.keys.ping(monitor.id))).toBe(0);
    expect(await redis.hlen(ctx.keys.pingTokens)).toBe(0);
  });
});

describe('pings record results at once', () => {
  it('a ping brings a new monitor UP; the run is marked as a ping', async () => {
    const { monitor, token } = await didItRun();
    expect((await stateOf(monitor.id))?.status).toBe('pending');
    await receivePing(ctx, token, 'success', '192.0.2.7');
    expect(await stateOf(monitor.id)).toMatchObject({ status: 'up', lastMessage: 'The job pinged', lastTrigger: 'ping', lastWorker: 'ping from 192.0.2.7' });
    const runs = await getRuns(ctx, monitor.id, 0);
    expect(runs).toEqual([expect.objectContaining({ ok: true, trigger: 'ping', msg: 'The job pinged' })]);
    expect((await readPingActivity(ctx, monitor.id)).succeededAt).toBe(runs[0].t);
  });

  it('/start, then the ping: the run time is the result\'s duration and is kept with the pings', async () => {
    const { monitor, token } = await didItRun();
    await receivePing(ctx, token, 'start', client());
    expect((await readPingActivity(ctx, monitor.id)).startedAt).toBeGreaterThan(0);
    expect((await stateOf(monitor.id))?.status).toBe('pending'); // a start is no result
    await sleep(300);
    await receivePing(ctx, token, 'success', client());
    const activity = await readPingActivity(ctx, monitor.id);
    expect(activity.runMs).toBeGreaterThanOrEqual(300);
    expect(activity.startedAt).toBeNull();
    const state = await stateOf(monitor.id);
    expect(state?.lastDurationMs).toBe(activity.runMs);
    expect(state?.lastMessage).toMatch(/^The job pinged after running for \d+\.\d s$/);
    // The next ping without a start has no run time.
    await sleep(5);
    await receivePing(ctx, token, 'success', client());
    expect((await readPingActivity(ctx, monitor.id)).runMs).toBeNull();
  });

  it('/fail is DOWN at once with one DOWN alert; the next ping is UP with one RESOLVED', async () => {
    const { monitor, token } = await didItRun();
    await receivePing(ctx, token, 'success', client());
    await sleep(5);
    await receivePing(ctx, token, 'fail', client());
    expect(await stateOf(monitor.id)).toMatchObject({ status: 'down', lastMessage: 'The job reported a failure' });
    await sleep(5);
    await receivePing(ctx, token, 'fail', client());
    expect((await outboxEntries(ctx)).map((a) => [a.type, a.monitorName])).toEqual([['down', monitor.name]]);
    await sleep(5);
    await receivePing(ctx, token, 'success', client());
    expect((await stateOf(monitor.id))?.status).toBe('up');
    expect((await outboxEntries(ctx)).map((a) => a.type)).toEqual(['down', 'resolved']);
    expect((await readPingActivity(ctx, monitor.id)).failedAt).toBeGreaterThan(0);
  });

  it('a paused monitor still takes pings, and alerts no one', async () => {
    const { monitor, token } = await didItRun();
    await ctx.monitors.patch(monitor.id, { enabled: false });
    await receivePing(ctx, token, 'fail', client());
    expect((await stateOf(monitor.id))?.status).toBe('down');
    expect(await outboxEntries(ctx)).toEqual([]);
  });
});

describe('ping limits', () => {
  it(`per token: past ${PING_LIMITS.perToken} in the window a ping is refused with the time to wait, and records nothing`, async () => {
    const { monitor, token } = await didItRun();
    for (let i = 0; i < PING_LIMITS.perToken; i += 1) expect((await receivePing(ctx, token, 'start', client())).outcome).toBe('recorded');
    const startedAt = (await readPingActivity(ctx, monitor.id)).startedAt;
    const refused = await receivePing(ctx, token, 'fail', client());
    expect(refused).toEqual({ outcome: 'limited', retryAfterMs: expect.any(Number) });
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeLessThanOrEqual(PING_LIMITS.windowMs);
    expect((await stateOf(monitor.id))?.status).toBe('pending');
    expect(await readPingActivity(ctx, monitor.id)).toMatchObject({ startedAt, failedAt: null });
  });

  it(`per client address: one address guessing tokens is held back after ${PING_LIMITS.perClient}, even on a real token`, async () => {
    const { monitor, token } = await didItRun();
    const guesser = client();
    for (let i = 0; i < PING_LIMITS.perClient; i += 1) await receivePing(ctx, randomBytes(32).toString('base64url'), 'success', guesser);
    expect((await receivePing(ctx, token, 'success', guesser)).outcome).toBe('limited');
    expect((await stateOf(monitor.id))?.status).toBe('pending');
    expect(await receivePing(ctx, token, 'success', client())).toEqual({ outcome: 'recorded', event: 'success' });
  });
});
