import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { beforeEach, describe, expect, it } from 'vitest';
import { outboxEntries } from '../../test/fixtures/results';
import { redisServerPerFile } from '../../test/support/redis-per-file';
import { runCheck } from '../checks';
import { loadConfig } from '../config';
import { createContext, type AppContext } from '../context';
import type { Monitor } from '../monitors';
import { Dispatcher } from '../queue/dispatch';
import { parseJobEntry } from '../queue/job';
import { redisNow } from '../redis';
import { applyResult, getStates, type ApplyOutcome } from '../results';
import { readPingDetails, receivePing } from '.';

// A Did It Run's deadline: the controller runs it at fire time + grace with the fire time on the job,
// its check reports the miss, and the result script keeps the miss only when no ping came since.
let redis: Redis;
redisServerPerFile((client) => {
  redis = client;
});

let ctx: AppContext;
beforeEach(() => {
  const env = { IMALERT_SECRET_KEY: 'd'.repeat(64), IMALERT_KEY_PREFIX: `d${randomBytes(4).toString('hex')}`, IMALERT_MIN_INTERVAL_SECONDS: '1', ALERT_RENOTIFY_UNIT_SECONDS: '1', NODE_ENV: 'test' };
  ctx = createContext('daemon', loadConfig(env as unknown as NodeJS.ProcessEnv), redis);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const EVERY_10_S = '*/10 * * * * *';

async function didItRun(overrides: Record<string, unknown> = {}) {
  const monitor = await ctx.monitors.create({ kind: 'heartbeat', name: `job ${randomBytes(3).toString('hex')}`, cron: EVERY_10_S, graceSeconds: 3, renotifyMinutes: 0, ...overrides });
  return { monitor, token: (await readPingDetails(ctx, monitor.id)).token! };
}

/** What the worker does with the deadline's job: run the check, store its result under the job's fire time. */
async function deadlinePasses(monitor: Monitor, fireTime: number): Promise<ApplyOutcome> {
  const result = await runCheck(monitor);
  return applyResult(ctx, { monitor, job: { monitorId: monitor.id, fireTime, dispatchId: `s:${monitor.id}:${fireTime}`, trigger: 'schedule' }, result, workerName: 'w1' });
}

const statusOf = async (id: string) => (await getStates(ctx, [id]))[0].state?.status;
const alertTypes = async () => (await outboxEntries(ctx)).map((a) => a.type);

describe('the deadline on the schedule', () => {
  it('a new Did It Run is scheduled at its next fire time + grace; a new grace moves it, a new name does not', async () => {
    const before = await redisNow(redis, ctx.keys);
    const { monitor } = await didItRun({ graceSeconds: 3 });
    const score = Number(await redis.zscore(ctx.keys.schedule, monitor.id));
    const fire = score - 3000;
    expect(fire % 10_000).toBe(0);
    expect(fire).toBeGreaterThan(before);
    expect(fire).toBeLessThanOrEqual(before + 10_000 + 1000);
    await ctx.monitors.update(monitor.id, { ...monitor, name: `${monitor.name} renamed` });
    expect(Number(await redis.zscore(ctx.keys.schedule, monitor.id))).toBe(score);
    await ctx.monitors.update(monitor.id, { ...monitor, graceSeconds: 60 });
    const moved = Number(await redis.zscore(ctx.keys.schedule, monitor.id));
    expect((moved - 60_000) % 10_000).toBe(0);
    expect(moved - 60_000).toBeGreaterThan(before);
  });

  it('the controller dispatches it once the grace has passed, with the fire time on the job and the next deadline as its score', async () => {
    const { monitor } = await didItRun({ graceSeconds: 3 });
    const now = await redisNow(redis, ctx.keys);
    const fire = Math.floor((now - 3000) / 10_000) * 10_000; // the latest fire whose deadline has passed
    await redis.zadd(ctx.keys.schedule, fire + 3000, monitor.id);
    const dispatcher = new Dispatcher(redis, ctx.keys);
    expect((await dispatcher.dispatchDue(now, 100)).dispatched).toBe(1);
    const [entry] = await redis.xrange(ctx.keys.jobs, '-', '+');
    expect(parseJobEntry(entry)).toMatchObject({ monitorId: monitor.id, fireTime: fire, trigger: 'schedule' });
    const next = Number(await redis.zscore(ctx.keys.schedule, monitor.id));
    expect(next).toBe(fire + 10_000 + 3000);
    // Not due again before that deadline.
    expect((await dispatcher.dispatchDue(next - 1, 100)).dispatched).toBe(0);
  });
});

describe('a deadline that passes', () => {
  it('without a ping since the fire time: DOWN, one DOWN alert; a ping before the fire time does not count', async () => {
    const { monitor, token } = await didItRun();
    await receivePing(ctx, token, 'success', '10.1.0.1');
    await sleep(20);
    const fire = await redisNow(redis, ctx.keys); // the next run was due after that ping
    expect(await deadlinePasses(monitor, fire)).toBe('applied');
    expect(await statusOf(monitor.id)).toBe('down');
    const [down] = await outboxEntries(ctx);
    expect(down).toMatchObject({ type: 'down', message: 'No ping within 3 s of the scheduled run', since: String(fire) });
  });

  it('after a ping since the fire time: the miss is stale, the monitor stays UP and nobody is told', async () => {
    const { monitor, token } = await didItRun();
    const fire = await redisNow(redis, ctx.keys);
    await sleep(5);
    await receivePing(ctx, token, 'success', '10.1.0.2');
    expect(await deadlinePasses(monitor, fire)).toBe('stale');
    expect(await statusOf(monitor.id)).toBe('up');
    expect(await alertTypes()).toEqual([]);
  });

  it('missed again and again: one DOWN, reminders at the re-notify interval, then one RESOLVED on the next ping', async () => {
    const { monitor, token } = await didItRun({ renotifyMinutes: 1 }); // a "minute" is 1 s here
    await deadlinePasses(monitor, await redisNow(redis, ctx.keys));
    await sleep(5);
    await deadlinePasses(monitor, await redisNow(redis, ctx.keys));
    expect(await alertTypes()).toEqual(['down']);
    await sleep(1100);
    await deadlinePasses(monitor, await redisNow(redis, ctx.keys));
    expect(await alertTypes()).toEqual(['down', 'renotify']);
    await sleep(5);
    await receivePing(ctx, token, 'success', '10.1.0.3');
    expect(await statusOf(monitor.id)).toBe('up');
    const alerts = await outboxEntries(ctx);
    expect(alerts.map((a) => a.type)).toEqual(['down', 'renotify', 'resolved']);
    expect(Number(alerts[2].downForMs)).toBeGreaterThan(1000);
  });
});
