import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '../../test/support/ports';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { addJobs, pendingCount, runsOf, slowHttp, startWorkers, testSetup } from '../../test/fixtures/worker';

// A fast check in a batch with slow ones: its result is stored when it is ready, not when the batch is.
let redis: TestRedis;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const SLOW_MS = 6000;

describe('a batch of one fast failing check and slow ones', () => {
  it('stores the fast result while the slow checks still run', async () => {
    const http = await slowHttp(SLOW_MS);
    const refused = await freePort(); // nothing listens: the TCP check fails at once
    const { env, ctx } = await testSetup(redis, 'fast', { CHECK_MAX_TIMEOUT_MS: '10000' });
    const slow = await Promise.all(Array.from({ length: 100 }, (_, i) =>
      ctx.monitors.create({ kind: 'http', name: `slow ${i}`, cron: '0 * * * *', url: http.url(`/s${i}`), timeoutMs: 9000 })));
    const fast = await ctx.monitors.create({ kind: 'tcp', name: 'refused', cron: '0 * * * *', host: '127.0.0.1', port: refused, timeoutMs: 2000 });
    // Queued before the worker starts, so its first read takes them all into one batch.
    await addJobs(ctx, [...slow.slice(0, 50).map((m) => m.id), fast.id, ...slow.slice(50).map((m) => m.id)]);
    const [worker] = await startWorkers(ctx, env, ['streaming']);
    try {
      await waitFor(() => http.requests.size > 0, 60_000, 10, 'the slow checks started');
      const slowStartedAt = Date.now();
      const [run] = await waitFor(async () => {
        const runs = await runsOf(ctx, fast.id);
        return runs.length ? runs : undefined;
      }, 60_000, 20, 'the fast result');
      const storedAfter = Date.now() - slowStartedAt;
      // Stored while its batch-mates are still waiting for their answers.
      expect((await Promise.all(slow.map((m) => runsOf(ctx, m.id)))).flat()).toEqual([]);
      expect(run).toMatchObject({ ok: false });
      expect(storedAfter).toBeLessThan(SLOW_MS - 1000);

      await waitFor(async () => (await pendingCount(ctx)) === 0, 60_000, 100, 'every job acked');
      const runs = await Promise.all(slow.map((m) => runsOf(ctx, m.id)));
      expect(runs.map((r) => r.length)).toEqual(slow.map(() => 1));
      expect(runs.flat().every((r) => r.ok)).toBe(true);
      expect(await runsOf(ctx, fast.id)).toHaveLength(1);
      expect([...http.requests.values()]).toEqual(slow.map(() => 1));
      expect(await worker.stop()).toBe(0);
    } finally {
      await worker.stop();
      await http.close();
    }
  });
});
