import { afterEach, describe, expect, it } from 'vitest';
import { liveProcesses } from '../lib/heartbeat';
import { SHUTDOWN_TIMED_OUT } from '../lib/shutdown';
import { addJobs, slowHttp, spawnDaemon, startWorkers, testSetup, type Daemon } from '../test/fixtures/worker';
import { startRedis, type TestRedis } from '../test/support/redis-server';
import { waitFor } from '../test/support/ports';

// A daemon told to stop while Redis is unreachable still exits within its grace period plus the
// time to let go, saying so, instead of living on until Redis returns beside its replacement.
const GRACE_MS = 3000;
const WORKER_DEADLINE_MS = GRACE_MS + 2000;
const CONTROLLER_DEADLINE_MS = 10_000 + 2000;
/** Room for a busy machine between the deadline and the process being gone. */
const SLACK_MS = 8000;

let redis: TestRedis | undefined;
let daemons: Daemon[] = [];

afterEach(async () => {
  // A frozen server is thawed so it can be stopped; a killed one has no process to signal.
  if (redis) {
    try {
      process.kill(redis.pid(), 'SIGCONT');
    } catch {
      // already gone
    }
  }
  await Promise.all(daemons.map((d) => d.kill()));
  await redis?.stop();
  redis = undefined;
  daemons = [];
});

async function exitTime(daemon: Daemon): Promise<{ code: number | null; ms: number }> {
  const from = Date.now();
  const code = await daemon.stop();
  return { code, ms: Date.now() - from };
}

describe('SIGTERM while Redis is unreachable', () => {
  it.each([
    { how: 'frozen (SIGSTOP)', cut: (r: TestRedis) => void process.kill(r.pid(), 'SIGSTOP') },
    { how: 'killed', cut: (r: TestRedis) => r.kill() },
  ])('worker and controller exit within their deadlines with Redis $how, and say what was not finished', async ({ cut }) => {
    redis = await startRedis();
    const http = await slowHttp(20_000);
    try {
      const { env, ctx } = await testSetup(redis, 'down', { WORKER_SHUTDOWN_GRACE_MS: String(GRACE_MS), LOG_LEVEL: 'info' });
      const [worker] = await startWorkers(ctx, env, ['stopping']);
      const controller = spawnDaemon('controller', { ...env, LOG_LEVEL: 'info' });
      daemons = [worker, controller];
      await waitFor(async () => (await liveProcesses(ctx.redis, ctx.keys, 'controller')).length === 1, 30_000, 100, 'controller heartbeat');
      const monitor = await ctx.monitors.create({ kind: 'http', name: 'in flight', cron: '0 * * * *', url: http.url('/slow'), timeoutMs: 4500 });
      await addJobs(ctx, [monitor.id]);
      await waitFor(() => http.requests.get('/slow') === 1, 30_000, 20, 'a check in flight');

      await cut(redis);
      const [w, c] = await Promise.all([exitTime(worker), exitTime(controller)]);

      expect(w.code).toBe(SHUTDOWN_TIMED_OUT);
      expect(w.ms).toBeLessThan(WORKER_DEADLINE_MS + SLACK_MS);
      expect(c.code).toBe(SHUTDOWN_TIMED_OUT);
      expect(c.ms).toBeLessThan(CONTROLLER_DEADLINE_MS + SLACK_MS);
      for (const daemon of [worker, controller]) {
        expect(daemon.output()).toContain('shutdown did not finish within its deadline; Redis connections closed, exiting');
        expect(daemon.output()).toMatch(/"unfinished":\["(worker|controller)"\]/);
      }
    } finally {
      await http.close();
    }
  });
});
