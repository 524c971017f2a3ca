import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { addChannel } from '../lib/alerts/channels';
import type { AppContext } from '../lib/context';
import { liveProcesses } from '../lib/heartbeat';
import { runNow } from '../lib/queue/run-now';
import { alertsInPayload } from '../test/support/alerts';
import { spawnBuiltDaemon, type Daemon } from '../test/support/daemons';
import { freePort, waitFor } from '../test/support/ports';
import { samplesOf, scrape, total, type Sample } from '../test/support/prometheus-text';
import { startRedis, type TestRedis } from '../test/support/redis-server';
import { startSlackStandIn, type SlackStandIn } from '../test/support/slack-stand-in';
import { CRASHING_CHECKS, runsOf, tcpCounter, testSetup } from '../test/fixtures/worker';

// A controller and a worker as `npm run controller` / `npm run worker` run them (dist/), each with its
// METRICS_PORT; monitors that pass and fail against loopback listeners, a Slack stand-in, a check that
// crashes its thread. After each step, both endpoints are scraped and every counter moved by exactly
// what happened, summed over the two processes as Prometheus would (both deliver alerts).
const TOKEN = 'metrics-test-token-0123456789';
let redis: TestRedis;
let slack: SlackStandIn;
let ctx: AppContext;
let channelId: string;
let controller: Daemon;
let worker: Daemon;
let urls: { controller: string; worker: string };
let crashPort: number;
let env: Record<string, string>;
const listeners: Server[] = [];

const listenOn = (port: number) => new Promise<Server>((resolve) => {
  const server = createServer((socket) => socket.end());
  server.listen(port, '127.0.0.1', () => resolve(server));
});
const delivered = () => slack.accepted().flatMap((r) => alertsInPayload(r.body).events);
const scrapeBoth = async (): Promise<{ c: Sample[]; w: Sample[]; both: Sample[] }> => {
  const [c, w] = await Promise.all([scrape(urls.controller, TOKEN), scrape(urls.worker, TOKEN)]);
  return { c, w, both: [...c, ...w] };
};
const outboxEmpty = async () => (await ctx.redis.xlen(ctx.keys.outbox)) === 0;

/** The next whole second at least `aheadMs` from now, as a cron that fires at it once a day (UTC). */
function onceCron(aheadMs: number): { cron: string; at: number } {
  const at = new Date(Math.ceil((Date.now() + aheadMs) / 1000) * 1000);
  return { cron: `${at.getUTCSeconds()} ${at.getUTCMinutes()} ${at.getUTCHours()} * * *`, at: at.getTime() };
}

beforeAll(async () => {
  redis = await startRedis();
  slack = await startSlackStandIn();
  const [controllerPort, workerPort] = [await freePort(), await freePort()];
  crashPort = await freePort();
  const setup = await testSetup(redis, 'metrics', {
    METRICS_TOKEN: TOKEN, CONTROLLER_TICK_MS: '100', WORKER_MAX_DELIVERIES: '2', CHECK_MAX_TIMEOUT_MS: '30000',
    CRASH_CHECK_PORT: String(crashPort), SYSTEM_ALERT_AFTER_MS: '3600000', ALERT_HTTP_TIMEOUT_MS: '2000', LOG_LEVEL: 'warn',
  });
  ctx = setup.ctx;
  env = setup.env;
  channelId = (await addChannel(ctx, { name: 'ops', url: slack.url })).id;
  controller = spawnBuiltDaemon('controller', { ...env, METRICS_PORT: String(controllerPort) });
  worker = spawnBuiltDaemon('worker', { ...env, METRICS_PORT: String(workerPort), WORKER_CONSUMER_NAME: 'metered' }, CRASHING_CHECKS);
  urls = { controller: `http://127.0.0.1:${controllerPort}/metrics`, worker: `http://127.0.0.1:${workerPort}/metrics` };
  await waitFor(async () => (await liveProcesses(ctx.redis, ctx.keys, 'worker')).length === 1
    && (await liveProcesses(ctx.redis, ctx.keys, 'controller')).length === 1, 90_000, 100, 'both daemons alive');
  await waitFor(() => scrapeBoth(), 30_000, 100, 'both metrics endpoints');
});

afterAll(async () => {
  await Promise.all([controller?.stop(), worker?.stop()]);
  await Promise.all(listeners.map((server) => new Promise((resolve) => server.close(resolve))));
  await slack?.stop();
  await redis?.stop();
});

describe('Prometheus metrics of a running controller and worker', () => {
  it('count N scheduled checks, M failed, K alerts; then the manual runs and their alerts; then a redelivery and a dead letter', async () => {
    onTestFailed(() => console.log(controller.output().slice(-3000), worker.output().slice(-3000)));
    const up = await tcpCounter();
    const closed = [await freePort(), await freePort()];
    const fire = onceCron(6000);
    const passing = await Promise.all([0, 1, 2].map((i) => ctx.monitors.create({ kind: 'tcp', name: `up ${i}`, cron: fire.cron, timeZone: 'UTC', host: '127.0.0.1', port: up.port, timeoutMs: 2000 })));
    const failing = await Promise.all(closed.map((port, i) => ctx.monitors.create({ kind: 'tcp', name: `down ${i}`, cron: fire.cron, timeZone: 'UTC', host: '127.0.0.1', port, timeoutMs: 2000 })));
    expect(Date.now()).toBeLessThan(fire.at); // saved before their one fire time today

    // 1. The fire time: 5 checks (3 pass, 2 fail), 2 DOWN alerts.
    await waitFor(async () => (await Promise.all([...passing, ...failing].map((m) => runsOf(ctx, m.id)))).every((runs) => runs.length === 1), 60_000, 100, 'one run each');
    await waitFor(async () => delivered().length === 2 && (await outboxEmpty()), 60_000, 100, 'two alerts delivered');
    let { c, w, both } = await scrapeBoth();
    expect(total(c, 'imalert_jobs_dispatched_total')).toBe(5);
    expect(total(c, 'imalert_schedule_lag_seconds_count')).toBe(5);
    expect(total(c, 'imalert_schedule_lag_seconds_bucket', { le: '+Inf' })).toBe(5);
    expect(total(c, 'imalert_schedule_lag_seconds_bucket', { le: '10' })).toBe(5); // each within 10 s of its fire time
    expect(total(c, 'imalert_schedule_lag_seconds_sum')).toBeLessThan(5 * 10);
    expect(total(w, 'imalert_checks_total', { kind: 'tcp', outcome: 'passed' })).toBe(3);
    expect(total(w, 'imalert_checks_total', { kind: 'tcp', outcome: 'failed' })).toBe(2);
    expect(total(w, 'imalert_checks_total')).toBe(5);
    expect(total(w, 'imalert_check_duration_seconds_count', { kind: 'tcp' })).toBe(5);
    expect(total(both, 'imalert_alerts_sent_total', { type: 'down', channel: channelId })).toBe(2);
    expect(total(both, 'imalert_alerts_sent_total')).toBe(2);
    expect(total(both, 'imalert_alert_delivery_failures_total')).toBe(0);
    expect(total(both, 'imalert_alert_delivery_retries_total')).toBe(0);
    expect(Object.fromEntries(samplesOf(c, 'imalert_monitors').map((s) => [s.labels.status, s.value]))).toEqual({ pending: 0, up: 3, down: 2 });
    expect(samplesOf(w, 'imalert_monitors')).toEqual([]); // from the controller only
    for (const gauge of ['imalert_jobs_waiting', 'imalert_jobs_in_progress', 'imalert_alert_outbox_depth', 'imalert_dead_letters', 'imalert_monitors_paused']) {
      expect(total(c, gauge), gauge).toBe(0);
    }
    expect(total(c, 'imalert_live_processes', { role: 'worker' })).toBe(1);
    expect(total(c, 'imalert_live_processes', { role: 'controller' })).toBe(1);
    for (const samples of [c, w]) {
      expect(total(samples, 'imalert_redis_connected')).toBe(1);
      expect(total(samples, 'imalert_redis_round_trip_seconds_count')).toBeGreaterThan(0);
      expect(total(samples, 'imalert_process_resident_memory_bytes')).toBeGreaterThan(0);
    }

    // 2. The failing targets fixed, run now: 2 more checks (passed), 2 RESOLVED alerts, the first send
    // of which Slack fails (500) and is retried; nothing dispatched.
    for (const port of closed) listeners.push(await listenOn(port));
    slack.queue({ status: 500 });
    await Promise.all(failing.map((m) => runNow(ctx, m.id)));
    await waitFor(async () => (await Promise.all(failing.map((m) => runsOf(ctx, m.id)))).every((runs) => runs.length === 2), 60_000, 100, 'the manual runs');
    await waitFor(async () => delivered().length === 4 && (await outboxEmpty()), 60_000, 100, 'the resolved alerts delivered');
    ({ c, w, both } = await scrapeBoth());
    expect(total(w, 'imalert_checks_total', { kind: 'tcp', outcome: 'passed' })).toBe(5);
    expect(total(w, 'imalert_checks_total', { kind: 'tcp', outcome: 'failed' })).toBe(2);
    expect(total(w, 'imalert_check_duration_seconds_count', { kind: 'tcp' })).toBe(7);
    expect(total(both, 'imalert_alerts_sent_total', { type: 'resolved', channel: channelId })).toBe(2);
    expect(total(both, 'imalert_alerts_sent_total')).toBe(4);
    expect(slack.requests.filter((r) => r.status === 500)).toHaveLength(1);
    expect(total(both, 'imalert_alert_delivery_failures_total', { channel: channelId, reason: 'transient' })).toBe(1);
    expect(total(both, 'imalert_alert_delivery_failures_total')).toBe(1);
    expect(total(both, 'imalert_alert_delivery_retries_total', { channel: channelId })).toBe(1);
    expect(total(c, 'imalert_jobs_dispatched_total')).toBe(5);
    expect(total(c, 'imalert_schedule_lag_seconds_count')).toBe(5);
    expect(Object.fromEntries(samplesOf(c, 'imalert_monitors').map((s) => [s.labels.status, s.value]))).toEqual({ pending: 0, up: 5, down: 0 });
    expect(total(w, 'imalert_job_redeliveries_total')).toBe(0);

    // 3. A check that crashes its thread each time: delivered again once, then buried (WORKER_MAX_DELIVERIES=2).
    const crasher = await ctx.monitors.create({ kind: 'latency', name: 'crasher', cron: '0 0 1 1 *', host: '127.0.0.1', port: crashPort, maxLatencyMs: 1000, timeoutMs: 25_000 });
    await runNow(ctx, crasher.id);
    await waitFor(async () => (await ctx.redis.xlen(ctx.keys.deadLetters)) === 1, 120_000, 100, 'a dead letter');
    ({ c, w } = await scrapeBoth());
    expect(total(w, 'imalert_job_redeliveries_total', { reason: 'failed' })).toBe(1);
    expect(total(w, 'imalert_job_redeliveries_total')).toBe(1);
    expect(total(w, 'imalert_jobs_dead_lettered_total')).toBe(1);
    expect(total(c, 'imalert_dead_letters')).toBe(1);
    expect(total(w, 'imalert_checks_total')).toBe(7); // a crash is no check result
    await up.close();
  }, 300_000);

  it('a METRICS_PORT already in use stops a daemon at start with a message naming it, and no stack trace', async () => {
    const port = new URL(urls.controller).port;
    const second = spawnBuiltDaemon('worker', { ...env, METRICS_PORT: port, WORKER_CONSUMER_NAME: 'second' });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`METRICS_PORT ${port} on METRICS_HOST 127.0.0.1 is in use by another process`);
    expect(second.output()).not.toMatch(/\bat .*\.js:\d+/);
    expect((await liveProcesses(ctx.redis, ctx.keys, 'worker')).map((p) => p.name)).toEqual(['metered']);
  });

  it('a daemon endpoint with METRICS_TOKEN set refuses a scrape without it, and answers only /metrics', async () => {
    expect((await fetch(urls.worker)).status).toBe(401);
    expect((await fetch(urls.worker, { headers: { Authorization: 'Bearer not-the-token-at-all' } })).status).toBe(401);
    const ok = await fetch(urls.controller, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect((await fetch(urls.worker.replace('/metrics', '/other'), { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    expect((await fetch(urls.worker, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(405);
  });
});
