import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { waitFor } from '../../test/support/ports';
import { addJobs, dispatchedInAll, dispatchedSoFar, pendingCount, runsOf, slowHttp, spawnDaemon, startWorkers, streamProgress, tcpCounter, testSetup } from '../../test/fixtures/worker';

// The group: one controller and two worker processes share one jobs stream. Every job runs exactly
// once (a TCP server counts the check runs), and a worker SIGKILLed mid-batch loses nothing.
let redis: TestRedis;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe('one controller and two workers', () => {
  it('record every one of more than 1,000 dispatched jobs exactly once and run none twice', async () => {
    const target = await tcpCounter();
    // Small reads (one thread, the default, running few checks at once): both workers share every burst.
    // Fires ten seconds apart: a job is skipped only when the next fire of its monitor went out first.
    const { env, ctx } = await testSetup(redis, 'group', { LOG_LEVEL: 'info', WORKER_CHECKS_PER_THREAD: '32' });
    const monitors = await Promise.all(Array.from({ length: 600 }, (_, i) =>
      ctx.monitors.create({ kind: 'tcp', name: `tcp ${i}`, cron: '*/10 * * * * *', host: '127.0.0.1', port: target.port, timeoutMs: 2000 })));
    const workers = await startWorkers(ctx, env, ['w-a', 'w-b']);
    const controller = spawnDaemon('controller', { ...env, LOG_LEVEL: 'info' });
    await waitFor(async () => (await dispatchedSoFar(ctx)) >= 1100, 90_000, 100, '1,100 dispatched jobs');
    expect(await controller.stop()).toBe(0);
    const added = dispatchedInAll(controller);
    await waitFor(async () => (await streamProgress(ctx)).lag === 0 && (await pendingCount(ctx)) === 0, 60_000, 100, 'all jobs acked');

    const runs = (await Promise.all(monitors.map(async (m) => (await runsOf(ctx, m.id)).map((r) => ({ ...r, job: `${m.id}:${r.t}` }))))).flat();
    expect(runs.length).toBe(added); // one record per job
    expect(new Set(runs.map((r) => r.job)).size).toBe(added); // none recorded twice (a job is a monitor and a fire time)
    // A job is skipped only when a later fire of its monitor went out first (a machine too loaded to
    // keep up), and that later fire is recorded too; the last fire of every monitor runs.
    const latest = new Map<string, number>();
    for (const r of runs) latest.set(r.job.split(':')[0], Math.max(latest.get(r.job.split(':')[0]) ?? 0, r.t));
    const skipped = runs.filter((r) => r.skip !== undefined);
    expect(skipped.filter((r) => r.skip !== 'a later run of this monitor was already dispatched' || r.t >= (latest.get(r.job.split(':')[0]) ?? 0))).toEqual([]);
    const executed = runs.filter((r) => r.skip === undefined);
    expect(executed.every((r) => r.ok)).toBe(true);
    // The counter sees a connection when this process accepts it, which can trail the check's own
    // connect (the kernel completes it) by a moment: wait for it, then none ran twice.
    await waitFor(async () => target.connections() >= executed.length, 30_000, 50, 'the target to count every connection');
    expect(target.connections()).toBe(executed.length);
    expect(added).toBeGreaterThan(1000);

    const exits = await Promise.all(workers.map((w) => w.stop()));
    expect(exits).toEqual([0, 0]);
    // Both workers took part.
    for (const worker of workers) expect(Number(/"done":(\d+)/.exec(worker.output())?.[1] ?? 0)).toBeGreaterThan(0);
    await target.close();
  });

  it('finish every pending job of a worker SIGKILLed mid-batch on the other one', async () => {
    const http = await slowHttp(800);
    const { env, ctx } = await testSetup(redis, 'kill', { LOG_LEVEL: 'info' });
    const monitors = await Promise.all(Array.from({ length: 400 }, (_, i) =>
      ctx.monitors.create({ kind: 'http', name: `http ${i}`, cron: '0 * * * *', url: http.url(`/m${i}`), timeoutMs: 4000 })));
    const [victim, survivor] = await startWorkers(ctx, env, ['victim', 'survivor']);
    await addJobs(ctx, monitors.map((m) => m.id));
    await waitFor(async () => (await pendingCount(ctx, 'victim')) >= 100, 60_000, 20, 'the victim holding 100 jobs');
    const held = await pendingCount(ctx, 'victim');
    await victim.kill();
    // No time limit but the deadline: a loaded machine may take long, but every job gets done.
    await waitFor(async () => (await pendingCount(ctx)) === 0 && (await streamProgress(ctx)).lag === 0, 90_000, 50, 'every job acked');

    const runs = await Promise.all(monitors.map((m) => runsOf(ctx, m.id)));
    expect(runs.map((r) => r.length)).toEqual(monitors.map(() => 1));
    expect(runs.flat().every((r) => r.ok)).toBe(true);
    // Each ran at least once; only jobs the victim had started may have run twice.
    const requests = [...http.requests.values()];
    expect(requests.length).toBe(400);
    expect(requests.reduce((a, b) => a + b, 0) - 400).toBeLessThanOrEqual(held);
    expect(survivor.output()).toContain('took over jobs of stopped workers');
    expect(await survivor.stop()).toBe(0);
    await http.close();
  });
});
