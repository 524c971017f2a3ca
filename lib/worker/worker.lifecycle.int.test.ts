import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { waitFor } from '../../test/support/ports';
import { addJobs, pendingCount, runsOf, sleep, slowHttp, spawnDaemon, startWorkers, streamProgress, testSetup } from '../../test/fixtures/worker';

// SIGTERM drains and leaves nothing pending; a check slower than its schedule never overlaps
// itself; a worker rides out a Redis restart.
let redis: TestRedis;

beforeAll(async () => {
  redis = await startRedis({ persistence: true, args: ['--appendfsync', 'always'] });
});
afterAll(async () => {
  await redis?.stop();
});

describe('worker life cycle', () => {
  it('SIGTERM: stops reading, finishes what is in flight, acks, exits 0, nothing pending', async () => {
    const http = await slowHttp(1500);
    const { env, ctx } = await testSetup(redis, 'term', { LOG_LEVEL: 'info' });
    const monitors = await Promise.all(Array.from({ length: 30 }, (_, i) =>
      ctx.monitors.create({ kind: 'http', name: `h${i}`, cron: '0 * * * *', url: http.url(`/t${i}`), timeoutMs: 4000 })));
    const [worker] = await startWorkers(ctx, env, ['term']);
    await addJobs(ctx, monitors.map((m) => m.id));
    await waitFor(() => http.requests.size >= 10, 60_000, 20, 'checks in flight');
    expect(await worker.stop()).toBe(0);
    expect(await pendingCount(ctx)).toBe(0);
    const { lag } = await streamProgress(ctx);
    const runs = (await Promise.all(monitors.map((m) => runsOf(ctx, m.id)))).flat();
    expect(runs.length).toBe(30 - lag); // every job it read has its result
    expect(runs.every((r) => r.ok)).toBe(true);
    expect(worker.output()).toContain('"finished":true');
    await http.close();
  });

  it('a check slower than its cron interval never runs twice at once', async () => {
    const http = await slowHttp(2500);
    const { env, ctx } = await testSetup(redis, 'slow');
    const monitor = await ctx.monitors.create({ kind: 'http', name: 'slow', cron: '* * * * * *', url: http.url('/slow'), timeoutMs: 4000 });
    const workers = await startWorkers(ctx, env, ['s1', 's2']);
    const controller = spawnDaemon('controller', env);
    await waitFor(() => (http.requests.get('/slow') ?? 0) >= 3, 90_000, 50, 'three runs');
    expect(await controller.stop()).toBe(0);
    await waitFor(async () => (await pendingCount(ctx)) === 0, 60_000, 100, 'nothing pending');
    expect(http.maxActive.get('/slow')).toBe(1);
    const runs = await runsOf(ctx, monitor.id);
    expect(runs.filter((r) => r.skip).length).toBeGreaterThan(0); // the backlog was skipped, not run
    expect(await Promise.all(workers.map((w) => w.stop()))).toEqual([0, 0]);
    await http.close();
  });

  it('Redis going away: the worker logs, backs off and resumes without a restart', async () => {
    const http = await slowHttp(10);
    const { env, ctx } = await testSetup(redis, 'outage', { LOG_LEVEL: 'info' });
    const monitors = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      ctx.monitors.create({ kind: 'http', name: `o${i}`, cron: '0 * * * *', url: http.url(`/o${i}`), timeoutMs: 2000 })));
    const [worker] = await startWorkers(ctx, env, ['outage']);
    await addJobs(ctx, monitors.slice(0, 10).map((m) => m.id));
    await waitFor(async () => (await runsOf(ctx, monitors[9].id)).length === 1, 60_000, 50, 'first jobs done');
    await redis.kill();
    await sleep(2000);
    await redis.restart();
    await addJobs(ctx, monitors.slice(10).map((m) => m.id));
    await waitFor(async () => (await Promise.all(monitors.map((m) => runsOf(ctx, m.id)))).every((r) => r.length === 1), 60_000, 100, 'jobs after the restart done');
    expect(await pendingCount(ctx)).toBe(0);
    expect(worker.output()).toMatch(/retrying with backoff/);
    expect(await worker.stop()).toBe(0);
    await http.close();
  });
});
