import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveProcesses, type HeartbeatInfo } from '../lib/heartbeat';
import { addChannel } from '../lib/alerts/channels';
import { runNow } from '../lib/queue/run-now';
import { addJobs, pendingCount, runsOf, sleep, slowHttp, spawnDaemon, testSetup } from '../test/fixtures/worker';
import { startRedis, type TestRedis } from '../test/support/redis-server';
import { freePort, waitFor } from '../test/support/ports';
import { alertsEnqueued } from '../test/support/alerts';
import { startSlackStandIn } from '../test/support/slack-stand-in';

// The worker daemon as a user runs it (`npm run worker`): its name and heartbeat, and how it reads
// the monitor's record when it runs a job (paused, deleted, edited).
let redis: TestRedis;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe('the daemons', () => {
  it('without WORKER_CONSUMER_NAME is named host-pid, and its heartbeat says who and how busy it is', async () => {
    const http = await slowHttp(10);
    const { env, ctx } = await testSetup(redis, 'hb', { WORKER_HEARTBEAT_MS: '300', WORKER_MAX_THREADS: '2', WORKER_CORE_THREADS: '1' });
    const worker = spawnDaemon('worker', env);
    try {
      const beat = async () => (await liveProcesses(ctx.redis, ctx.keys, 'worker')).find((p) => p.pid === worker.pid);
      const first = await waitFor(beat, 30_000, 100, 'worker heartbeat');
      expect(first).toMatchObject({ name: `${hostname()}-${worker.pid}`, role: 'worker', host: hostname(), pid: worker.pid, inFlight: 0, done: 0 });
      expect(first.threads).toBeGreaterThanOrEqual(1);
      // The key outlives three periods (300 ms): read right after a beat, well over two are left.
      const pttl = () => ctx.redis.pttl(ctx.keys.heartbeat('worker', first.name));
      const ttl = await waitFor(async () => ((await pttl()) > 600 ? pttl() : undefined), 10_000, 10, 'a TTL read right after a beat');
      expect(ttl).toBeLessThanOrEqual(900);

      const monitors = await Promise.all([0, 1, 2].map((i) => ctx.monitors.create({ kind: 'http', name: `hb${i}`, cron: '0 * * * *', url: http.url(`/hb${i}`) })));
      await addJobs(ctx, monitors.map((m) => m.id));
      const later = await waitFor(async () => {
        const info = await beat();
        return info && (info as HeartbeatInfo & { done: number }).done >= 3 ? info : undefined;
      }, 60_000, 100, 'done counted in the heartbeat');
      expect(later).toMatchObject({ done: 3, inFlight: 0 });
      expect(await worker.stop()).toBe(0);
      expect(await liveProcesses(ctx.redis, ctx.keys, 'worker')).toEqual([]);
    } finally {
      await worker.stop();
      await http.close();
    }
  });

  it("reads the monitor when it runs the job: a paused monitor's scheduled job is skipped and acked, deleted is acked, an edit applies to the next run", async () => {
    const http = await slowHttp(10);
    const { env, ctx } = await testSetup(redis, 'reads');
    const worker = spawnDaemon('worker', { ...env, WORKER_CONSUMER_NAME: 'reader' });
    try {
      const input = { kind: 'http', name: 'edited', cron: '0 * * * *', url: http.url('/before') };
      const edited = await ctx.monitors.create(input);
      const paused = await ctx.monitors.create({ kind: 'http', name: 'paused', cron: '0 * * * *', url: http.url('/paused') });
      const deleted = await ctx.monitors.create({ kind: 'http', name: 'deleted', cron: '0 * * * *', url: http.url('/deleted') });
      await ctx.monitors.patch(paused.id, { enabled: false });
      await ctx.monitors.remove(deleted.id);

      await addJobs(ctx, [edited.id, deleted.id], Date.now());
      await addJobs(ctx, [paused.id], Date.now(), { trigger: 'schedule' });
      await waitFor(async () => (await runsOf(ctx, edited.id)).length === 1 && (await runsOf(ctx, paused.id)).length === 1, 60_000, 50, 'first jobs done');
      await waitFor(async () => (await pendingCount(ctx)) === 0, 30_000, 50, 'every job acked');
      expect((await runsOf(ctx, paused.id))[0]).toMatchObject({ skip: 'the monitor is paused' });
      expect(await runsOf(ctx, deleted.id)).toEqual([]);
      expect(await ctx.redis.hexists(ctx.keys.locks, deleted.id)).toBe(0); // its lock taken, then freed with the ack
      expect(http.requests.get('/paused')).toBeUndefined();
      expect(http.requests.get('/deleted')).toBeUndefined();
      expect(http.requests.get('/before')).toBe(1);

      await ctx.monitors.update(edited.id, { ...input, url: http.url('/after') });
      await addJobs(ctx, [edited.id], Date.now() + 1);
      await waitFor(async () => (await runsOf(ctx, edited.id)).length === 2, 60_000, 50, 'the run after the edit');
      expect(http.requests.get('/after')).toBe(1);
      expect(http.requests.get('/before')).toBe(1);
      expect(await worker.stop()).toBe(0);
    } finally {
      await worker.stop();
      await http.close();
    }
  });

  it('runs "Run now" on a paused monitor: the result and state are recorded, and no alert is sent while paused', async () => {
    const slack = await startSlackStandIn();
    const { env, ctx } = await testSetup(redis, 'paused-run');
    const worker = spawnDaemon('worker', { ...env, WORKER_CONSUMER_NAME: 'paused-runner' });
    try {
      await addChannel(ctx, { name: 'ops', url: slack.url });
      const closed = await freePort(); // nothing listens: the check fails
      const monitor = await ctx.monitors.create({ kind: 'tcp', name: 'paused db', host: '127.0.0.1', port: closed, cron: '0 * * * *', timeoutMs: 500 });
      await ctx.monitors.patch(monitor.id, { enabled: false });
      const job = await runNow(ctx, monitor.id);
      await waitFor(async () => (await runsOf(ctx, monitor.id)).length === 1, 30_000, 50, 'the manual run recorded');
      expect((await runsOf(ctx, monitor.id))[0]).toMatchObject({ t: job.fireTime, ok: false, trigger: 'manual' });
      expect(await ctx.redis.hget(ctx.keys.state(monitor.id), 'status')).toBe('down');
      await waitFor(async () => (await pendingCount(ctx)) === 0, 10_000, 50, 'the job acked');
      await sleep(1500); // room for a wrongly sent alert to arrive
      expect(await alertsEnqueued(ctx)).toBe(0);
      expect(slack.requests).toEqual([]);
      expect(worker.output()).not.toContain('paused');
    } finally {
      await worker.stop();
      await slack.stop();
    }
  });

  it('renews its own long check (XCLAIM JUSTID), so a visibility timeout shorter than the check takes nothing from it', async () => {
    const http = await slowHttp(6000);
    const { env, ctx } = await testSetup(redis, 'renew', { WORKER_VISIBILITY_TIMEOUT_MS: '3000', CHECK_MAX_TIMEOUT_MS: '10000' });
    const [a, b] = ['renew-a', 'renew-b'].map((name) => spawnDaemon('worker', { ...env, WORKER_CONSUMER_NAME: name }));
    try {
      await waitFor(async () => (await liveProcesses(ctx.redis, ctx.keys, 'worker')).length === 2, 30_000, 100, 'two workers');
      const monitor = await ctx.monitors.create({ kind: 'http', name: 'long', cron: '0 * * * *', url: http.url('/long'), timeoutMs: 8000 });
      await addJobs(ctx, [monitor.id]);
      await waitFor(async () => (await runsOf(ctx, monitor.id)).length === 1, 60_000, 50, 'the long check done');
      await waitFor(async () => (await pendingCount(ctx)) === 0, 20_000, 50, 'acked');
      expect(http.requests.get('/long')).toBe(1);
      expect((await runsOf(ctx, monitor.id))[0]).toMatchObject({ ok: true });
      expect(a.output() + b.output()).not.toContain('claimed jobs idle past the visibility timeout');
      expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await http.close();
    }
  });

  it('SIGTERM waits for in-flight checks only for the grace period; what is left is run by another worker', async () => {
    const http = await slowHttp(3000);
    const { env, ctx } = await testSetup(redis, 'grace', { WORKER_SHUTDOWN_GRACE_MS: '300' });
    const first = spawnDaemon('worker', { ...env, WORKER_CONSUMER_NAME: 'leaving' });
    let second: ReturnType<typeof spawnDaemon> | undefined;
    try {
      await waitFor(async () => (await liveProcesses(ctx.redis, ctx.keys, 'worker')).length === 1, 30_000, 100, 'first worker');
      const monitor = await ctx.monitors.create({ kind: 'http', name: 'in flight', cron: '0 * * * *', url: http.url('/slow'), timeoutMs: 4500 });
      await addJobs(ctx, [monitor.id]);
      await waitFor(() => http.requests.get('/slow') === 1, 20_000, 20, 'the check in flight');
      expect(await first.stop()).toBe(0);
      expect(await runsOf(ctx, monitor.id)).toEqual([]); // did not wait for the 3 s check
      expect(await pendingCount(ctx, 'leaving')).toBe(1); // not acked: nothing lost
      second = spawnDaemon('worker', { ...env, WORKER_CONSUMER_NAME: 'staying' });
      await waitFor(async () => (await runsOf(ctx, monitor.id)).length === 1, 60_000, 50, 'the job run by the other worker');
      await waitFor(async () => (await pendingCount(ctx)) === 0, 20_000, 50, 'acked');
      expect(await second.stop()).toBe(0);
    } finally {
      await first.stop();
      await second?.stop();
      await http.close();
    }
  });

  it('started on its own without REDIS_URL or without a secret key, exits with a message saying what to set', async () => {
    const { env } = await testSetup(redis, 'alone');
    const noRedis = spawnDaemon('worker', { ...env, REDIS_URL: '' });
    const noKey = spawnDaemon('worker', { ...env, IMALERT_SECRET_KEY: '' });
    expect(await noRedis.exited).toBe(1);
    expect(noRedis.output()).toContain('REDIS_URL is not set');
    expect(await noKey.exited).toBe(1);
    expect(noKey.output()).toContain('IMALERT_SECRET_KEY is not set');
  });

  it('stops at start on a bad variable, naming it', async () => {
    const { env } = await testSetup(redis, 'badvar');
    const controller = spawnDaemon('controller', { ...env, CONTROLLER_TICK_MS: 'often' });
    const worker = spawnDaemon('worker', { ...env, WORKER_MAX_DELIVERIES: '0' });
    expect(await controller.exited).toBe(1);
    expect(controller.output()).toMatch(/Invalid environment: CONTROLLER_TICK_MS: /);
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toMatch(/Invalid environment: WORKER_MAX_DELIVERIES: /);
  });

  it('the controller logs JSON lines and stops on SIGINT (Ctrl-C) too, with exit code 0', async () => {
    const { env, ctx } = await testSetup(redis, 'sigint', { LOG_LEVEL: 'info' });
    const controller = spawnDaemon('controller', env);
    await waitFor(async () => (await liveProcesses(ctx.redis, ctx.keys, 'controller')).length === 1, 30_000, 100, 'controller heartbeat');
    process.kill(controller.pid, 'SIGINT');
    expect(await controller.exited).toBe(0);
    expect(await liveProcesses(ctx.redis, ctx.keys, 'controller')).toEqual([]);
    const lines = controller.output().trim().split('\n').map((line) => JSON.parse(line) as { level: string; msg: string; time: string });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['controller started', 'shutting down', 'controller stopped']));
    expect(lines.every((l) => ['debug', 'info', 'warn', 'error'].includes(l.level) && !Number.isNaN(Date.parse(l.time)))).toBe(true);
  });
});
