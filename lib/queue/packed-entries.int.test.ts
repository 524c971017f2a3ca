import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { applyResults, type ResultsContext } from '../results/apply';
import { checkResult, resultsContext, seedState, tcpMonitor } from '../../test/fixtures/results';
import { JOBS_GROUP } from '../store/keys';
import { claimFromDeadConsumers, claimIdle } from './claim';
import { finishJobs, lockHolder, lockOwner, readNewJobs } from './consume';
import { prepareJobs } from './prepare';
import { listDeadLetters } from './dead-letters';
import { ensureJobsGroup } from './group';
import { JOBS_PER_ENTRY } from './job';
import { splitEntry } from './split-entry';

// A packed stream entry (several scheduled jobs) stays pending until the last of its jobs is done,
// while each job's lock is freed as soon as that job is done.
let server: TestRedis;
let redis: Redis;
let ctx: ResultsContext;

beforeAll(async () => {
  server = await startRedis();
  redis = server.client();
});
afterAll(async () => server?.stop());
beforeEach(async () => {
  ctx = resultsContext(redis);
  await ensureJobsGroup(redis, ctx.keys);
});

const pending = async () => Number(((await redis.xpending(ctx.keys.jobs, JOBS_GROUP)) as [number])[0]);
const addPacked = (monitorIds: string[], fireTime: number) => redis.xadd(ctx.keys.jobs, '*', ...monitorIds.flatMap((id) => ['j', `${id} ${fireTime}`])) as Promise<string>;

async function readAndLock(monitorIds: string[], consumer = 'w1') {
  const monitors = monitorIds.map((id) => tcpMonitor({ name: id }));
  for (const monitor of monitors) {
    await redis.set(ctx.keys.monitor(monitor.id), JSON.stringify(monitor));
    await seedState(ctx, monitor);
  }
  const entryId = await addPacked(monitors.map((m) => m.id), 1000);
  const { jobs } = await readNewJobs(redis, ctx.keys, consumer, 10, 10);
  expect((await prepareJobs(redis, ctx.keys, consumer, jobs, 60_000)).map((r) => r.state)).toEqual(monitors.map(() => 'run'));
  return { monitors, jobs, entryId };
}

describe('a packed entry', () => {
  it('is acked by the call that finishes its last job; earlier jobs free only their locks', async () => {
    const { monitors, jobs, entryId } = await readAndLock(['a', 'b', 'c']);
    expect(jobs.map((j) => j.id)).toEqual([entryId, entryId, entryId]);
    const input = (i: number, later: boolean) => ({ monitor: monitors[i], job: jobs[i], result: checkResult(true), workerName: 'w1', ack: { entryId, locked: true, later } });
    expect(await applyResults(ctx, [input(0, true)])).toEqual(['applied']);
    expect(await lockHolder(redis, ctx.keys, monitors[0].id)).toBeNull();
    expect(await lockHolder(redis, ctx.keys, monitors[1].id)).toBe(lockOwner('w1', entryId));
    expect(await pending()).toBe(1);
    await finishJobs(redis, ctx.keys, 'w1', [{ job: jobs[1], locked: true, ack: false }]);
    expect(await lockHolder(redis, ctx.keys, monitors[1].id)).toBeNull();
    expect(await pending()).toBe(1);
    expect(await applyResults(ctx, [input(2, false)])).toEqual(['applied']);
    expect(await pending()).toBe(0);
    expect(await redis.hlen(ctx.keys.locks)).toBe(0);
  });

  it('splits its failed jobs out: back on the stream with their deliveries, or to the dead letters, and is acked', async () => {
    const { monitors, jobs, entryId } = await readAndLock(['ok', 'retry', 'bury']);
    await applyResults(ctx, [{ monitor: monitors[0], job: jobs[0], result: checkResult(true), workerName: 'w1', ack: { entryId, locked: true, later: true } }]);
    const ids = await splitEntry(redis, ctx.keys, 'w1', entryId, [
      { job: jobs[1], message: 'thread crashed', bury: false },
      { job: { ...jobs[2], deliveries: 3 }, message: 'thread crashed again', bury: true },
    ]);
    expect(ids[0]).toMatch(/^\d+-\d+$/);
    expect(ids[1]).toBe('');
    // Sent again (a reply lost on the way): the entry is no longer pending, nothing is added twice.
    expect(await splitEntry(redis, ctx.keys, 'w1', entryId, [{ job: jobs[1], message: 'thread crashed', bury: false }])).toEqual([]);
    expect(await redis.xlen(ctx.keys.jobs)).toBe(2);
    expect(await redis.hlen(ctx.keys.locks)).toBe(0);
    const { jobs: again } = await readNewJobs(redis, ctx.keys, 'w2', 10, 10);
    expect(again).toEqual([expect.objectContaining({ id: ids[0], key: ids[0], parts: 1, monitorId: monitors[1].id, fireTime: 1000, deliveries: 2 })]);
    expect(await redis.hget(ctx.keys.jobErrors, ids[0])).toBe('thread crashed');
    const [dead] = await listDeadLetters(ctx);
    expect(dead).toMatchObject({ jobId: `${entryId}#2`, monitorId: monitors[2].id, fireTime: 1000, trigger: 'schedule', deliveries: 3, lastError: 'thread crashed again' });
    // The packed entry is acked; only the job split out of it is pending (with w2).
    expect(await redis.xpending(ctx.keys.jobs, JOBS_GROUP, '-', '+', 10)).toEqual([[ids[0], 'w2', expect.any(Number), 1]]);
  });

  it('is taken over whole from a dead worker, its jobs counted by entry against the limit', async () => {
    const ids = Array.from({ length: 3 * JOBS_PER_ENTRY }, (_, i) => `m${i}`);
    for (let i = 0; i < ids.length; i += JOBS_PER_ENTRY) await addPacked(ids.slice(i, i + JOBS_PER_ENTRY), 1000);
    await readNewJobs(redis, ctx.keys, 'dead', 10, 10);
    const first = await claimFromDeadConsumers(redis, ctx.keys, 'live', JOBS_PER_ENTRY + 1, async () => false);
    // Two entries: the limit is in jobs, an entry comes whole.
    expect(first.jobs.length).toBe(2 * JOBS_PER_ENTRY);
    expect(first.jobs.every((job) => job.deliveries === 2 && job.parts === JOBS_PER_ENTRY)).toBe(true);
    const rest = await claimFromDeadConsumers(redis, ctx.keys, 'live', 1000, async () => false);
    expect(rest.jobs.map((job) => job.monitorId)).toEqual(ids.slice(2 * JOBS_PER_ENTRY));
  });

  it('sizes the idle safety net by jobs too: packed entries whole, entries of one job up to the limit', async () => {
    await addPacked(['p1', 'p2', 'p3'], 1000);
    for (let i = 0; i < 150; i++) await redis.xadd(ctx.keys.jobs, '*', 'monitorId', `s${i}`, 'fireTime', '5', 'dispatchId', `d${i}`, 'trigger', 'manual');
    await readNewJobs(redis, ctx.keys, 'stuck', 1000, 10);
    const claimed = await claimIdle(redis, ctx.keys, 'live', 0, 100);
    expect(claimed.jobs.slice(0, 3).map((job) => job.monitorId)).toEqual(['p1', 'p2', 'p3']);
    expect(claimed.jobs.length).toBeGreaterThanOrEqual(100);
    expect(claimed.jobs.length).toBeLessThan(100 + JOBS_PER_ENTRY);
    expect(claimed.jobs.every((job) => job.deliveries === 2)).toBe(true);
  });
});
