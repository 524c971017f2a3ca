import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createRedis } from '../redis';
import type { TestRedis } from '../../test/support/redis-server';
import { redisServerPerFile } from '../../test/support/redis-per-file';
import { JOBS_GROUP } from '../store/keys';
import { applyResult, applyResults, HISTORY_LIMITS, recordSkipped } from './apply';
import { getRuns, getStates } from './read';
import { checkResult, jobFor, outboxEntries, remindMonitor, resultsContext, seedState, tcpMonitor } from '../../test/fixtures/results';

let server: TestRedis;
let redis: Redis;
redisServerPerFile((client, started) => {
  redis = client;
  server = started;
});

describe('applyResults', () => {
  it('applies a batch in order, acks every job and frees only the locks its deliveries hold', async () => {
    const ctx = resultsContext(redis);
    const monitors = [tcpMonitor(), tcpMonitor(), remindMonitor(), tcpMonitor()];
    for (const m of monitors.slice(0, 3)) await seedState(ctx, m); // the last one was deleted
    await redis.xgroup('CREATE', ctx.keys.jobs, JOBS_GROUP, '0', 'MKSTREAM');
    const entryIds: string[] = [];
    for (const m of monitors) entryIds.push((await redis.xadd(ctx.keys.jobs, '*', 'monitorId', m.id)) as string);
    await redis.xreadgroup('GROUP', JOBS_GROUP, 'w1', 'COUNT', 10, 'STREAMS', ctx.keys.jobs, '>');
    await redis.hset(ctx.keys.jobErrors, entryIds[0], 'an earlier delivery failed');
    const until = Date.now() + 60_000;
    monitors.forEach((m, i) => void redis.hset(ctx.keys.locks, m.id, i === 1 ? `someone-else|1-1|${until}` : `w1|${entryIds[i]}|${until}`));
    const fire = Date.now();
    await applyResult(ctx, { monitor: monitors[0], job: jobFor(monitors[0], fire + 1), result: checkResult(true), workerName: 'w1' });

    const outcomes = await applyResults(ctx, monitors.map((monitor, i) => ({
      monitor, job: jobFor(monitor, fire), result: checkResult(i !== 1), workerName: 'w1', ack: { entryId: entryIds[i], locked: true },
    })));
    expect(outcomes).toEqual(['stale', 'applied', 'applied', 'gone']);
    const pending = (await redis.xpending(ctx.keys.jobs, JOBS_GROUP)) as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
    expect(await redis.hlen(ctx.keys.jobErrors)).toBe(0);
    expect(await redis.hgetall(ctx.keys.locks)).toEqual({ [monitors[1].id]: `someone-else|1-1|${until}` });
    const states = await getStates(ctx, monitors.slice(0, 3).map((m) => m.id));
    expect(states.map((s) => s.state?.status)).toEqual(['up', 'down', 'up']);
    expect(states[0].state?.lastFireTime).toBe(fire + 1);
    expect(await redis.smembers(ctx.keys.indexByStatus('pending'))).toEqual([]);
    expect(new Set(await redis.smembers(ctx.keys.indexByStatus('up')))).toEqual(new Set([monitors[0].id, monitors[2].id]));
    expect((await outboxEntries(ctx)).map((a) => [a.type, a.monitorId])).toEqual([['down', monitors[1].id], ['reminder', monitors[2].id]]);
    expect(await redis.exists(ctx.keys.state(monitors[3].id))).toBe(0);
  });

  it('heals a status index that lost the monitor, with no status change, when its runs are next folded (5 minutes on)', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor();
    await seedState(ctx, monitor);
    await applyResult(ctx, { monitor, job: jobFor(monitor, 1000), result: checkResult(true), workerName: 'w' });
    await redis.srem(ctx.keys.indexByStatus('up'), monitor.id);
    await redis.sadd(ctx.keys.indexByStatus('down'), monitor.id);
    await applyResult(ctx, { monitor, job: jobFor(monitor, 2000), result: checkResult(true), workerName: 'w' });
    await applyResult(ctx, { monitor, job: jobFor(monitor, 1000 + 5 * 60_000), result: checkResult(true), workerName: 'w' });
    expect(await redis.sismember(ctx.keys.indexByStatus('up'), monitor.id)).toBe(1);
    expect(await redis.sismember(ctx.keys.indexByStatus('down'), monitor.id)).toBe(0);
  });

  it('keeps the runs bounded by count across skipped jobs', async () => {
    // Runs are trimmed when they are folded (every 60): to 60 under the bound, so never above it.
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor();
    await seedState(ctx, monitor);
    const first = Date.now() - 3 * HISTORY_LIMITS.runsMax * 10;
    const inputs = Array.from({ length: HISTORY_LIMITS.runsMax + 10 }, (_, i) => ({ monitor, job: jobFor(monitor, first + i * 10), result: checkResult(true), workerName: 'w' }));
    await applyResults(ctx, inputs.slice(0, 500));
    await recordSkipped(ctx, jobFor(monitor, first + 500 * 10 - 5), 'paused');
    await applyResults(ctx, inputs.slice(500, 1500));
    await applyResults(ctx, inputs.slice(1500));
    const kept = await redis.zcard(ctx.keys.runs(monitor.id));
    expect(kept).toBeLessThanOrEqual(HISTORY_LIMITS.runsMax);
    expect(kept).toBeGreaterThan(HISTORY_LIMITS.runsMax - 60);
    const [latest] = await getRuns(ctx, monitor.id, 0, 1);
    expect(latest.t).toBe(first + (HISTORY_LIMITS.runsMax + 9) * 10);
  });

  it('works from the first call on an auto-pipelined client with commands already queued, scripts not loaded', async () => {
    await redis.script('FLUSH');
    const client = createRedis(server.url);
    try {
      const ctx = resultsContext(client);
      const monitors = Array.from({ length: 20 }, () => tcpMonitor());
      await Promise.all(monitors.map((m) => seedState(ctx, m)));
      const fresh = { ...ctx, redis: createRedis(server.url) };
      // Another command in the same tick opens an auto-pipeline first.
      const other = fresh.redis.get('unrelated');
      const fire = Date.now();
      const outcomes = await Promise.all(monitors.flatMap((monitor) => [
        applyResult(fresh, { monitor, job: jobFor(monitor, fire), result: checkResult(true), workerName: 'w' }),
        recordSkipped(fresh, jobFor(monitor, fire - 1), 'paused'),
      ]));
      await other;
      fresh.redis.disconnect();
      expect(outcomes.filter((o) => o === 'applied')).toHaveLength(20);
      expect(outcomes.filter((o) => o === 'recorded')).toHaveLength(20);
    } finally {
      client.disconnect();
    }
  });
});
