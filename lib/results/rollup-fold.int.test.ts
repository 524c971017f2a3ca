import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { redisServerPerFile } from '../../test/support/redis-per-file';
import { applyResult, recordSkipped } from './apply';
import { unpackBucket } from './histogram';
import { getRollups, getUptime } from './read';
import { checkResult, jobFor, resultsContext, seedState, tcpMonitor } from '../../test/fixtures/results';

let redis: Redis;
redisServerPerFile((client) => {
  redis = client;
});

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The 90-day view as a reader sees it: per day, checks, failures and skipped jobs. */
async function days(ctx: ReturnType<typeof resultsContext>, id: string, now: number) {
  return (await getRollups(ctx, id, '90d', now)).map((p) => [p.t, p.checks, p.failures, p.skipped]);
}

describe('daily rollups folded from the hourly ones', () => {
  it('counts every run in its day at every moment, writing a day when the next hour starts', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor({ failureThreshold: 100 });
    await seedState(ctx, monitor);
    const now = Date.now();
    const today = now - (now % DAY);
    // Three hours of yesterday, then one of today; 2 runs each, one of them failed in the second hour.
    const hours = [today - 3 * HOUR, today - 2 * HOUR, today - HOUR, today];
    const plan = hours.flatMap((hour, h) => [[hour + 10, true], [hour + 20, h !== 1]] as Array<[number, boolean]>);
    for (const [i, [fire, ok]] of plan.entries()) {
      await applyResult(ctx, { monitor, job: jobFor(monitor, fire), result: checkResult(ok, 5 + i), workerName: 'w' });
      const total = (await days(ctx, monitor.id, now)).reduce((sum, [, checks]) => sum + checks, 0);
      expect(total).toBe(i + 1);
    }
    expect(await days(ctx, monitor.id, now)).toEqual([[today - DAY, 6, 1, 0], [today, 2, 0, 0]]);
    // The last hour started: yesterday's three hours are in the daily hash, today's hour is not yet.
    expect(await redis.hget(ctx.keys.state(monitor.id), 'dailyFrom')).toBe(String(today));
    expect(await redis.hget(ctx.keys.rollupDaily(monitor.id), String(today - DAY))).toMatch(/^6,1,/);
    expect(await redis.hexists(ctx.keys.rollupDaily(monitor.id), String(today))).toBe(0);
    const [day] = await getRollups(ctx, monitor.id, '90d', now);
    expect(day).toMatchObject({ minMs: 5, maxMs: 10, avgMs: 8 });
    expect((await getUptime(ctx, [monitor.id], '90d', now))[monitor.id]).toEqual({ checks: 8, failures: 1, uptimePct: 87.5 });
  });

  it('puts a skipped job of an hour already folded straight into its day', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor();
    await seedState(ctx, monitor);
    const now = Date.now();
    const today = now - (now % DAY);
    await applyResult(ctx, { monitor, job: jobFor(monitor, today - 2 * HOUR), result: checkResult(true), workerName: 'w' });
    await applyResult(ctx, { monitor, job: jobFor(monitor, today - HOUR), result: checkResult(true), workerName: 'w' });
    await applyResult(ctx, { monitor, job: jobFor(monitor, today + 1), result: checkResult(true), workerName: 'w' });
    expect(await recordSkipped(ctx, jobFor(monitor, today - 2 * HOUR + 7), 'a later run was dispatched')).toBe('recorded');
    expect(await days(ctx, monitor.id, now)).toEqual([[today - DAY, 2, 0, 1], [today, 1, 0, 0]]);
  });
});

/** What the stored hourly rollup alone holds for an hour: checks (0 when the bucket is missing). */
async function storedChecks(ctx: ReturnType<typeof resultsContext>, id: string, hour: number): Promise<number> {
  const value = await redis.hget(ctx.keys.rollupHourly(id), String(hour));
  return value ? (unpackBucket(value)?.checks ?? -1) : 0;
}

/** Checks per hour and per day as readers see them, and the 24 h uptime. */
async function seen(ctx: ReturnType<typeof resultsContext>, id: string, now: number) {
  const hours = (await getRollups(ctx, id, '24h', now)).map((p) => [p.t, p.checks, p.failures]);
  const days = (await getRollups(ctx, id, '90d', now)).map((p) => [p.t, p.checks, p.failures]);
  return { hours, days, uptime: (await getUptime(ctx, [id], '24h', now))[id] };
}

describe('runs folded into the rollups many at a time', () => {
  it('shows every run at once, and writes the rollup every 60 runs', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor({ failureThreshold: 100 });
    await seedState(ctx, monitor);
    const now = Date.now();
    const hour = now - (now % HOUR) - HOUR;
    for (let i = 0; i < 61; i += 1) {
      await applyResult(ctx, { monitor, job: jobFor(monitor, hour + 1000 * (i + 1)), result: checkResult(i % 4 !== 0, 10 + i), workerName: 'w' });
      const failures = Math.floor(i / 4) + 1;
      expect(await seen(ctx, monitor.id, now)).toEqual({
        hours: [[hour, i + 1, failures]], days: [[hour - (hour % DAY), i + 1, failures]], uptime: { checks: i + 1, failures, uptimePct: ((i + 1 - failures) / (i + 1)) * 100 },
      });
      // The first run is folded at once (nothing before it); then 60 wait in the runs.
      expect(await storedChecks(ctx, monitor.id, hour)).toBe(i < 60 ? 1 : 61);
    }
    const [point] = await getRollups(ctx, monitor.id, '24h', now);
    expect(point).toMatchObject({ minMs: 10, maxMs: 70, avgMs: 40 });
    expect(await redis.hget(ctx.keys.state(monitor.id), 'unrolled')).toBe('0');
  });

  it('puts runs not folded yet in their own hour, and folds them after five minutes', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor();
    await seedState(ctx, monitor);
    const now = Date.now();
    const hour = now - (now % HOUR) - HOUR;
    const fires = [hour - 2000, hour - 1000, hour + 1000, hour + 2000];
    for (const fire of fires) await applyResult(ctx, { monitor, job: jobFor(monitor, fire), result: checkResult(true), workerName: 'w' });
    expect((await seen(ctx, monitor.id, now)).hours).toEqual([[hour - HOUR, 2, 0], [hour, 2, 0]]);
    expect(await storedChecks(ctx, monitor.id, hour)).toBe(0);
    await applyResult(ctx, { monitor, job: jobFor(monitor, hour + 5 * 60_000), result: checkResult(false), workerName: 'w' });
    expect(await storedChecks(ctx, monitor.id, hour - HOUR)).toBe(2);
    expect(await storedChecks(ctx, monitor.id, hour)).toBe(3);
    expect((await seen(ctx, monitor.id, now)).hours).toEqual([[hour - HOUR, 2, 0], [hour, 3, 1]]);
  });

  it('folds waiting runs when a skipped job is recorded, so trimming the runs never loses one', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor();
    await seedState(ctx, monitor);
    const now = Date.now();
    const hour = now - (now % HOUR) - HOUR;
    for (let i = 1; i <= 3; i += 1) await applyResult(ctx, { monitor, job: jobFor(monitor, hour + i * 1000), result: checkResult(true), workerName: 'w' });
    expect(await recordSkipped(ctx, jobFor(monitor, hour + 500), 'a later run was dispatched')).toBe('recorded');
    expect(await storedChecks(ctx, monitor.id, hour)).toBe(3);
    expect(await redis.hget(ctx.keys.state(monitor.id), 'unrolled')).toBe('0');
    const [point] = await getRollups(ctx, monitor.id, '24h', now);
    expect(point).toMatchObject({ t: hour, checks: 3, skipped: 1 });
    // The next runs count from where the fold ended: nothing twice.
    await applyResult(ctx, { monitor, job: jobFor(monitor, hour + 10_000), result: checkResult(true), workerName: 'w' });
    expect((await seen(ctx, monitor.id, now)).hours).toEqual([[hour, 4, 0]]);
  });
});
