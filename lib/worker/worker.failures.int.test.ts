import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDeadLetters, redriveDeadLetter } from '../queue/dead-letters';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { waitFor } from '../../test/support/ports';
import { addJobs, CRASHING_CHECKS, pendingCount, runsOf, sleep, slowHttp, startWorkers, streamProgress, tcpCounter, testSetup } from '../../test/fixtures/worker';

// Jobs that crash their thread end in the dead letters (and only they do); a full pool makes the
// worker stop reading, and no job it read is lost.
let redis: TestRedis;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe('a job that crashes its thread every time', () => {
  it('goes to the dead letters after N deliveries, its batch-mates run once, and it can be redriven', async () => {
    const target = await tcpCounter();
    const crashTarget = await tcpCounter();
    // A long time limit: on a loaded machine a thread of its own may take seconds just to start.
    const { env, ctx } = await testSetup(redis, 'crash', { CRASH_CHECK_PORT: String(crashTarget.port), WORKER_MAX_DELIVERIES: '3', CHECK_MAX_TIMEOUT_MS: '30000' });
    const crasher = await ctx.monitors.create({ kind: 'latency', name: 'crasher', cron: '0 * * * *', host: '127.0.0.1', port: crashTarget.port, maxLatencyMs: 1000, timeoutMs: 25_000 });
    const innocents = await Promise.all(Array.from({ length: 40 }, (_, i) =>
      ctx.monitors.create({ kind: 'tcp', name: `innocent ${i}`, cron: '0 * * * *', host: '127.0.0.1', port: target.port, timeoutMs: 2000 })));
    const [worker] = await startWorkers(ctx, env, ['crashy'], CRASHING_CHECKS);
    await addJobs(ctx, [...innocents.slice(0, 20).map((m) => m.id), crasher.id, ...innocents.slice(20).map((m) => m.id)]);

    const [dead] = await waitFor(async () => {
      const letters = await listDeadLetters(ctx);
      return letters.length ? letters : null;
    }, 120_000, 100, 'a dead letter');
    expect(dead).toMatchObject({ monitorId: crasher.id, deliveries: 3, trigger: 'manual' });
    expect(dead.lastError).toMatch(/crash/);
    await waitFor(async () => (await pendingCount(ctx)) === 0, 60_000, 100, 'nothing pending');
    const innocentRuns = await Promise.all(innocents.map((m) => runsOf(ctx, m.id)));
    expect(innocentRuns.map((r) => r.length)).toEqual(innocents.map(() => 1));
    expect(innocentRuns.flat().every((r) => r.ok)).toBe(true);
    expect(await runsOf(ctx, crasher.id)).toEqual([]);
    expect(await worker.stop()).toBe(0);

    // Fixed (no crash hook): a redriven dead letter runs.
    const [fixed] = await startWorkers(ctx, env, ['fixed']);
    expect(await redriveDeadLetter(ctx, dead.id)).toMatch(/^\d+-\d+$/);
    expect(await listDeadLetters(ctx)).toEqual([]);
    const [run] = await waitFor(async () => {
      const runs = await runsOf(ctx, crasher.id);
      return runs.length ? runs : null;
    }, 60_000, 100, 'the redriven job\'s result');
    expect(run).toMatchObject({ ok: true, trigger: 'manual' });
    expect(await fixed.stop()).toBe(0);
    await Promise.all([target.close(), crashTarget.close()]);
  }, 300_000);
});

describe('a job that hangs its thread', () => {
  it('times out, is buried after N deliveries, and its batch-mates finish', async () => {
    const target = await tcpCounter();
    const hangTarget = await tcpCounter();
    // The others get a long time limit: run again alone on a loaded machine, they must not time out too.
    const { env, ctx } = await testSetup(redis, 'hang', { HANG_CHECK_PORT: String(hangTarget.port), WORKER_MAX_DELIVERIES: '2', CHECK_MAX_TIMEOUT_MS: '20000' });
    const hanger = await ctx.monitors.create({ kind: 'latency', name: 'hanger', cron: '0 * * * *', host: '127.0.0.1', port: hangTarget.port, maxLatencyMs: 500, timeoutMs: 1000 });
    const others = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      ctx.monitors.create({ kind: 'tcp', name: `other ${i}`, cron: '0 * * * *', host: '127.0.0.1', port: target.port, timeoutMs: 20_000 })));
    const [worker] = await startWorkers(ctx, env, ['hangs'], CRASHING_CHECKS);
    await addJobs(ctx, [hanger.id, ...others.map((m) => m.id)]);
    const [dead] = await waitFor(async () => {
      const letters = await listDeadLetters(ctx);
      return letters.length ? letters : null;
    }, 120_000, 200, 'a dead letter');
    expect(dead).toMatchObject({ monitorId: hanger.id, deliveries: 2 });
    expect(dead.lastError).toMatch(/timed out/);
    await waitFor(async () => (await pendingCount(ctx)) === 0, 60_000, 100, 'nothing pending');
    const runs = await Promise.all(others.map((m) => runsOf(ctx, m.id)));
    expect(runs.map((r) => r.length)).toEqual(others.map(() => 1));
    // The worker still runs jobs after its hung threads were replaced.
    await addJobs(ctx, others.map((m) => m.id), Date.now() + 1);
    await waitFor(async () => (await Promise.all(others.map((m) => runsOf(ctx, m.id)))).every((r) => r.length === 2), 60_000, 100, 'second round');
    expect(await worker.stop()).toBe(0);
    await Promise.all([target.close(), hangTarget.close()]);
  }, 300_000);
});

describe('a full pool', () => {
  it('stops the worker reading, and every job it read still runs exactly once', async () => {
    const http = await slowHttp(150);
    const settings = { WORKER_CORE_THREADS: '1', WORKER_MAX_THREADS: '1', WORKER_CHECKS_PER_THREAD: '2', WORKER_QUEUE_LENGTH: '3' };
    const { env, ctx } = await testSetup(redis, 'full', settings);
    const monitors = await Promise.all(Array.from({ length: 60 }, (_, i) =>
      ctx.monitors.create({ kind: 'http', name: `h${i}`, cron: '0 * * * *', url: http.url(`/h${i}`), timeoutMs: 3000 })));
    const [worker] = await startWorkers(ctx, env, ['small']);
    await addJobs(ctx, monitors.map((m) => m.id));
    let mostHeld = 0;
    let sawBacklog = false;
    await waitFor(async () => {
      mostHeld = Math.max(mostHeld, await pendingCount(ctx, 'small'));
      const { lag } = await streamProgress(ctx);
      if (lag > 0) sawBacklog = true;
      return lag === 0 && (await pendingCount(ctx)) === 0;
    }, 120_000, 10, 'all 60 jobs done');
    expect(mostHeld).toBeLessThanOrEqual(1 * 2 + 3); // threads × checks per thread + queue length
    expect(sawBacklog).toBe(true); // jobs waited in Redis, not in the worker
    const runs = await Promise.all(monitors.map((m) => runsOf(ctx, m.id)));
    expect(runs.map((r) => r.length)).toEqual(monitors.map(() => 1));
    expect([...http.requests.values()]).toEqual(monitors.map(() => 1));
    expect(await worker.stop()).toBe(0);
    await http.close();
    await sleep(10);
  });
});
