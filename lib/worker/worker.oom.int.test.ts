import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDeadLetters } from '../queue/dead-letters';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { waitFor } from '../../test/support/ports';
import { addJobs, pendingCount, runsOf, sleep, slowHttp, startWorkers, streamProgress, testSetup } from '../../test/fixtures/worker';

// Redis out of memory: no worker can write its heartbeat, so each looks dead to the other. None may
// take the other's jobs then, and once memory is back every job ends with its result, none buried.
let redis: TestRedis;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

/** Long enough for every heartbeat key (a few heartbeat periods) to expire many times over. */
const OOM_MS = 8000;

describe('Redis out of memory with two workers', () => {
  it('takes no jobs over, buries none, and runs each once after the limit is raised', async () => {
    const http = await slowHttp(3000);
    // Time limits far past the answer's three seconds: on a loaded machine a check may take long to run.
    const { env, ctx } = await testSetup(redis, 'oom', { WORKER_MAX_DELIVERIES: '2', LOG_LEVEL: 'info', CHECK_MAX_TIMEOUT_MS: '30000' });
    const monitors = await Promise.all(Array.from({ length: 40 }, (_, i) =>
      ctx.monitors.create({ kind: 'http', name: `h${i}`, cron: '0 * * * *', url: http.url(`/h${i}`), timeoutMs: 20_000 })));
    const workers = await startWorkers(ctx, env, ['oom-a', 'oom-b']);
    const admin = redis.client();
    try {
      await addJobs(ctx, monitors.map((m) => m.id));
      await waitFor(() => http.requests.size === 40, 60_000, 20, 'every check in flight');
      const used = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1]);
      await admin.config('SET', 'maxmemory', String(Math.floor(used / 2)));
      await expect(ctx.redis.set(ctx.keys.heartbeat('worker', 'probe'), 'x')).rejects.toThrow(/OOM/);
      await sleep(OOM_MS);
      await admin.config('SET', 'maxmemory', '0');

      await waitFor(async () => (await pendingCount(ctx)) === 0 && (await streamProgress(ctx)).lag === 0, 90_000, 100, 'every job acked');
      expect(await listDeadLetters(ctx)).toEqual([]);
      const runs = await Promise.all(monitors.map((m) => runsOf(ctx, m.id)));
      expect(runs.map((r) => r.length)).toEqual(monitors.map(() => 1));
      expect(runs.flat().every((r) => r.ok)).toBe(true);
      expect([...http.requests.values()]).toEqual(monitors.map(() => 1)); // none run twice
      for (const worker of workers) {
        expect(worker.output()).not.toContain('took over jobs of stopped workers');
        expect(worker.output()).not.toContain('job moved to the dead letters');
      }
      expect(await Promise.all(workers.map((w) => w.stop()))).toEqual([0, 0]);
    } finally {
      await admin.config('SET', 'maxmemory', '0');
      await Promise.all(workers.map((w) => w.stop()));
      await http.close();
    }
  }, 300_000);
});
