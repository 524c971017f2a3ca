import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { loadConfig } from '../../lib/config';
import { liveProcesses } from '../../lib/heartbeat';
import { createLogger } from '../../lib/log';
import type { MetricsServer } from '../../lib/metrics';
import { runNow } from '../../lib/queue/run-now';
import { REPO_ROOT } from '../../test/support/daemons';
import { runsOf, tcpCounter, testSetup } from '../../test/fixtures/worker';
import { freePort, waitFor } from '../../test/support/ports';
import { samplesOf, scrape, total } from '../../test/support/prometheus-text';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { startThread, stopChildren, type ThreadChild } from './children';
import { serveLauncherMetrics } from './metrics';

// `npm start` runs the controller and the worker as threads of the launcher: one METRICS_PORT serves
// the process once and both threads' metrics together, as the launcher does it (dist/ threads).
let redis: TestRedis;
let threads: ThreadChild[] = [];
let server: MetricsServer | undefined;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await stopChildren(threads, 20_000);
  await server?.stop();
  await redis?.stop();
});

it('one endpoint for the launcher: the process metrics once, the controller thread and the worker thread summed', async () => {
  const { env, ctx } = await testSetup(redis, 'launched', { METRICS_PORT: String(await freePort()), LOG_LEVEL: 'warn' });
  const output: string[] = [];
  onTestFailed(() => console.log(output.join('')));
  server = await serveLauncherMetrics(() => threads.map((t) => t.thread), loadConfig(env as NodeJS.ProcessEnv), createLogger({ test: true }, 'error'));
  threads = ['controller', 'worker'].map((name) => startThread(name, `${REPO_ROOT}/dist/${name}.js`, { root: REPO_ROOT, env: { ...process.env, ...env }, metricsToLauncher: true }));
  for (const t of threads) for (const stream of [t.thread.stdout, t.thread.stderr]) stream?.on('data', (d: Buffer) => output.push(d.toString()));
  await waitFor(async () => (await liveProcesses(ctx.redis, ctx.keys, 'worker')).length === 1
    && (await liveProcesses(ctx.redis, ctx.keys, 'controller')).length === 1, 90_000, 100, 'both threads alive');

  const target = await tcpCounter();
  const monitor = await ctx.monitors.create({ kind: 'tcp', name: 'reachable', cron: '0 0 1 1 *', host: '127.0.0.1', port: target.port, timeoutMs: 2000 });
  await runNow(ctx, monitor.id);
  await waitFor(async () => (await runsOf(ctx, monitor.id)).length === 1, 60_000, 100, 'the run');
  const samples = await scrape(server!.url);

  expect(total(samples, 'imalert_checks_total', { kind: 'tcp', outcome: 'passed' })).toBe(1); // the worker thread
  expect(total(samples, 'imalert_monitors', { status: 'up' })).toBe(1); // the controller thread
  expect(samplesOf(samples, 'imalert_jobs_dispatched_total')).toHaveLength(1);
  expect(total(samples, 'imalert_live_processes', { role: 'worker' })).toBe(1);
  // Process-wide figures appear once, not once per thread.
  for (const name of ['imalert_process_resident_memory_bytes', 'imalert_process_cpu_seconds_total', 'imalert_process_start_time_seconds']) {
    expect(samplesOf(samples, name), name).toHaveLength(1);
  }
  expect(samplesOf(samples, 'imalert_redis_connected')).toEqual([{ name: 'imalert_redis_connected', labels: {}, value: 1 }]);
  // Both threads beat: the round trips of both are counted.
  expect(total(samples, 'imalert_redis_round_trip_seconds_count')).toBeGreaterThanOrEqual(2);
  await target.close();
});
