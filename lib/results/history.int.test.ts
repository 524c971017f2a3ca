import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { redisServerPerFile } from '../../test/support/redis-per-file';
import { applyResult, HISTORY_LIMITS, recordSkipped } from './apply';
import { getIncidents, getRollups, getRuns, getStates, getUptime } from './read';
import { applySequence, checkResult, jobFor, resultsContext, seedState, tcpMonitor } from '../../test/fixtures/results';

let redis: Redis;
redisServerPerFile((client) => {
  redis = client;
});

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('runs', () => {
  it('keeps the runs of the last 24 h, newest first, at most HISTORY_LIMITS.runsMax', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor();
    await seedState(ctx, monitor);
    const now = Date.now();
    await applySequence(ctx, monitor, 'S', now - 25 * HOUR);
    expect(await redis.zcard(ctx.keys.runs(monitor.id))).toBe(0); // older than 24 h: trimmed at once
    const count = HISTORY_LIMITS.runsMax + 5;
    const first = now - count * 10;
    await Promise.all(Array.from({ length: count }, (_, i) =>
      applyResult(ctx, { monitor, job: jobFor(monitor, first + i * 10), result: checkResult(i % 2 === 0, i % 50, `run ${i}`), workerName: 'w' })));
    // Trimmed when folded (every 60 runs) to 60 under the bound: never above it.
    const kept = await redis.zcard(ctx.keys.runs(monitor.id));
    expect(kept).toBeLessThanOrEqual(HISTORY_LIMITS.runsMax);
    expect(kept).toBeGreaterThan(HISTORY_LIMITS.runsMax - 60);
    const runs = await getRuns(ctx, monitor.id, 0, 3);
    expect(runs.map((r) => r.msg)).toEqual([`run ${count - 1}`, `run ${count - 2}`, `run ${count - 3}`]);
    expect(runs[0]).toMatchObject({ t: first + (count - 1) * 10, ok: true, d: (count - 1) % 50, trigger: 'schedule' });
    expect(await getRuns(ctx, monitor.id, first + (count - 2) * 10)).toHaveLength(2);
  });

  it('stores runs with short messages compactly, and reads back which runs were manual', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor();
    await seedState(ctx, monitor);
    const fire = Date.now() - 60_000;
    for (let i = 0; i < 5; i += 1) await applyResult(ctx, { monitor, job: jobFor(monitor, fire + i * 1000), result: checkResult(true, 12, 'Connected'), workerName: 'w' });
    // Every member within Redis's 64 bytes for a listpack: a few bytes per run, not a skiplist node each
    // (a monitor keeps its runs of the last 24 h, so one that runs every 12 minutes or less often keeps it so).
    expect(await redis.object('ENCODING', ctx.keys.runs(monitor.id))).toBe('listpack');
    await applyResult(ctx, { monitor, job: jobFor(monitor, fire + 5000, 'manual'), result: checkResult(false, 3000, 'Connection refused'), workerName: 'w' });
    const runs = await getRuns(ctx, monitor.id, 0);
    expect(runs.map((r) => r.trigger)).toEqual(['manual', 'schedule', 'schedule', 'schedule', 'schedule', 'schedule']);
    expect(runs[0]).toMatchObject({ t: fire + 5000, ok: false, d: 3000, msg: 'Connection refused' });
  });

  it('records a skipped job once, in state and history, leaving the status alone', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor();
    await seedState(ctx, monitor);
    const fire = await applySequence(ctx, monitor, 'S', Date.now());
    const job = jobFor(monitor, fire);
    expect(await recordSkipped(ctx, job, 'a later fire time was already dispatched')).toBe('recorded');
    expect(await recordSkipped(ctx, job, 'a later fire time was already dispatched')).toBe('duplicate');
    const [{ state }] = await getStates(ctx, [monitor.id]);
    expect(state).toMatchObject({ status: 'up', lastResult: 'ok', skippedCount: 1, lastSkipReason: 'a later fire time was already dispatched' });
    const [latest] = await getRuns(ctx, monitor.id, 0);
    expect(latest).toMatchObject({ t: fire, skip: 'a later fire time was already dispatched' });
    const [point] = await getRollups(ctx, monitor.id, '24h', fire);
    expect(point).toMatchObject({ checks: 1, skipped: 1 });
    const unknown = tcpMonitor();
    expect(await recordSkipped(ctx, jobFor(unknown, fire), 'deleted')).toBe('gone');
  });
});

describe('rollups', () => {
  it('computes checks, failures, avg, min, max, p95 and uptime per hour and per day', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor({ failureThreshold: 100 });
    await seedState(ctx, monitor);
    const now = Date.now();
    const hour = now - (now % HOUR);
    // 100 runs in this hour, lasting 1..100 ms (true p95: 95 ms), 10 of them failed
    for (let ms = 1; ms <= 100; ms += 1) {
      await applyResult(ctx, { monitor, job: jobFor(monitor, hour + ms), result: checkResult(ms % 10 !== 0, ms), workerName: 'w' });
    }
    const [point] = await getRollups(ctx, monitor.id, '24h', now);
    expect(point).toMatchObject({ t: hour, checks: 100, failures: 10, skipped: 0, avgMs: 51, minMs: 1, maxMs: 100 });
    expect(Math.abs((point.p95Ms ?? 0) - 95)).toBeLessThanOrEqual(12);
    const [day] = await getRollups(ctx, monitor.id, '90d', now);
    expect(day).toMatchObject({ t: now - (now % DAY), checks: 100, failures: 10, minMs: 1, maxMs: 100 });
    expect(day.p95Ms).toBe(point.p95Ms);

    const other = tcpMonitor();
    await seedState(ctx, other);
    const uptime = await getUptime(ctx, [monitor.id, other.id], '24h', now);
    expect(uptime[monitor.id]).toEqual({ checks: 100, failures: 10, uptimePct: 90 });
    expect(uptime[other.id]).toEqual({ checks: 0, failures: 0, uptimePct: null });
  });

  it('spreads runs over buckets, answers each period from the right one, and drops buckets past retention', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor();
    await seedState(ctx, monitor);
    const now = Date.now();
    const hour = now - (now % HOUR);
    const ancient = String(hour - 100 * DAY);
    await redis.hset(ctx.keys.rollupHourly(monitor.id), ancient, '1,0,5,5,5,0|8:1');
    await redis.hset(ctx.keys.rollupDaily(monitor.id), ancient, '1,0,5,5,5,0|8:1');
    const fires = [hour - 3 * DAY, hour - 30 * HOUR, hour - 2 * HOUR, hour - 2 * HOUR + 1, hour + 1];
    for (const [i, fire] of fires.entries()) {
      await applyResult(ctx, { monitor, job: jobFor(monitor, fire), result: checkResult(i !== 2, 200), workerName: 'w' });
    }
    expect((await getRollups(ctx, monitor.id, '24h', now)).map((p) => [p.t, p.checks, p.failures])).toEqual([[hour - 2 * HOUR, 2, 1], [hour, 1, 0]]);
    expect((await getRollups(ctx, monitor.id, '7d', now)).map((p) => p.t)).toEqual([hour - 3 * DAY, hour - 30 * HOUR, hour - 2 * HOUR, hour]);
    const days = await getRollups(ctx, monitor.id, '90d', now);
    expect(days.reduce((sum, p) => sum + p.checks, 0)).toBe(5);
    expect((await getUptime(ctx, [monitor.id], '7d', now))[monitor.id]).toEqual({ checks: 5, failures: 1, uptimePct: 80 });
    expect(await redis.hexists(ctx.keys.rollupHourly(monitor.id), ancient)).toBe(0);
    expect(await redis.hexists(ctx.keys.rollupDaily(monitor.id), ancient)).toBe(0);
  });

  it('ignores a malformed bucket instead of failing the chart', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor();
    const now = Date.now();
    await redis.hset(ctx.keys.rollupHourly(monitor.id), String(now - (now % HOUR)), 'garbage');
    expect(await getRollups(ctx, monitor.id, '24h', now)).toEqual([]);
    expect((await getUptime(ctx, [monitor.id], '24h', now))[monitor.id].checks).toBe(0);
  });
});

describe('incidents', () => {
  it('opens an incident at the first failure with its message and closes it at the first success', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor({ failureThreshold: 2, successThreshold: 2 });
    await seedState(ctx, monitor);
    const start = Date.now();
    const run = (fire: number, ok: boolean, message: string) =>
      applyResult(ctx, { monitor, job: jobFor(monitor, fire), result: checkResult(ok, 3, message), workerName: 'w' });
    await run(start, false, 'refused first');
    await run(start + 1000, false, 'refused again');
    const [open] = await getIncidents(ctx, monitor.id);
    expect(open).toEqual({ id: `${monitor.id}:${start}`, start, end: null, firstMessage: 'refused first' });
    expect((await getStates(ctx, [monitor.id]))[0].state?.incidentId).toBe(open.id);
    await run(start + 2000, true, 'ok');
    await run(start + 3000, true, 'ok');
    await run(start + 4000, false, 'second outage');
    await run(start + 5000, false, 'still');
    const [second, first] = await getIncidents(ctx, monitor.id);
    expect(first).toEqual({ id: open.id, start, end: start + 2000, firstMessage: 'refused first' });
    expect(second).toMatchObject({ start: start + 4000, end: null, firstMessage: 'second outage' });
    expect((await getStates(ctx, [monitor.id]))[0].state).toMatchObject({ status: 'down', downSince: start + 4000, statusSince: start + 4000 });
  });
});
