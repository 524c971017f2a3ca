import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { waitFor } from '../../test/support/ports';
import { addJobs, pendingCount, runsOf, slowHttp, startWorkers, tcpCounter, testSetup } from '../../test/fixtures/worker';

// Starvation after a kill: the worker that takes over a SIGKILLed worker's backlog claims only what
// its threads can start, so new jobs are still read and run while that backlog is worked.
let redis: TestRedis;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

/** How long each backlog check takes on the survivor. */
const SLOW_MS = 2000;
const BACKLOG = 48;
/** The survivor: one thread running a few checks at once, as many jobs waiting. */
const SURVIVOR = { WORKER_CORE_THREADS: '1', WORKER_MAX_THREADS: '1', WORKER_CHECKS_PER_THREAD: '4', WORKER_QUEUE_LENGTH: '4' };
const SURVIVOR_HOLDS = Number(SURVIVOR.WORKER_CHECKS_PER_THREAD) + Number(SURVIVOR.WORKER_QUEUE_LENGTH);

describe('a worker SIGKILLed with a backlog pending', () => {
  it('is taken over by the other worker, whose new jobs keep completing while the backlog is worked', async () => {
    // The victim's request of each backlog check never gets an answer: it holds all of them until killed.
    const http = await slowHttp(SLOW_MS, { firstRequestHangs: true });
    const target = await tcpCounter();
    const { env, ctx } = await testSetup(redis, 'takeover', { LOG_LEVEL: 'info', CHECK_MAX_TIMEOUT_MS: '60000' });
    const backlog = await Promise.all(Array.from({ length: BACKLOG }, (_, i) =>
      ctx.monitors.create({ kind: 'http', name: `backlog ${i}`, cron: '0 * * * *', url: http.url(`/b${i}`), timeoutMs: 60_000 })));
    const fresh = await Promise.all(Array.from({ length: 3 }, (_, i) =>
      ctx.monitors.create({ kind: 'tcp', name: `new ${i}`, cron: '0 * * * *', host: '127.0.0.1', port: target.port, timeoutMs: 5000 })));

    const [victim] = await startWorkers(ctx, { ...env, WORKER_CHECKS_PER_THREAD: '64' }, ['victim']);
    await addJobs(ctx, backlog.map((m) => m.id));
    await waitFor(async () => http.requests.size === BACKLOG && (await pendingCount(ctx, 'victim')) === BACKLOG, 60_000, 20, 'the victim running the whole backlog');
    const [survivor] = await startWorkers(ctx, { ...env, ...SURVIVOR }, ['survivor']);
    try {
      await victim.kill();
      await waitFor(() => survivor.output().includes('took over jobs of stopped workers'), 60_000, 50, 'the takeover');

      const backlogLeft = async () => (await Promise.all(backlog.map((m) => runsOf(ctx, m.id)))).filter((runs) => runs.length === 0).length;
      // New jobs one after the other, as a schedule brings them: each is done while more of the backlog
      // is left than the survivor holds at once, so it did not wait for the backlog to drain.
      for (const monitor of fresh) {
        await addJobs(ctx, [monitor.id]);
        await waitFor(async () => (await runsOf(ctx, monitor.id)).length === 1, 90_000, 50, `the result of ${monitor.name}`);
        expect(await backlogLeft()).toBeGreaterThan(SURVIVOR_HOLDS);
      }

      await waitFor(async () => (await pendingCount(ctx)) === 0 && (await backlogLeft()) === 0, 180_000, 100, 'the whole backlog done');
      const runs = await Promise.all([...backlog, ...fresh].map((m) => runsOf(ctx, m.id)));
      expect(runs.map((r) => r.length)).toEqual([...backlog, ...fresh].map(() => 1));
      expect(runs.flat().every((r) => r.ok)).toBe(true);
      // Each backlog check ran twice: the victim's unanswered request, then the survivor's.
      expect([...http.requests.values()]).toEqual(backlog.map(() => 2));
      expect(await survivor.stop()).toBe(0);
    } finally {
      await Promise.all([victim.kill(), survivor.stop()]);
      await Promise.all([http.close(), target.close()]);
    }
  }, 400_000);
});
