import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, onTestFailed } from 'vitest';
import { createContext, type AppContext } from '../context';
import { loadConfig } from '../config';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { freePort, waitFor } from '../../test/support/ports';
import { exited, startTsProcess } from '../../test/support/processes';
import { startSlackStandIn, type SlackStandIn } from '../../test/support/slack-stand-in';
import { alertsInPayload, alertTestEnv } from '../../test/support/alerts';
import { addChannel } from './channels';
import { getMonitorAlerts } from './log';

/**
 * End to end with the real daemons: the worker's result script changes the state and enqueues the
 * alert in one step; delivery happens in whichever daemon drains the outbox.
 */
let redis: TestRedis;
let slack: SlackStandIn;
let ctx: AppContext;
let env: Record<string, string>;
const children: Array<Awaited<ReturnType<typeof startTsProcess>>> = [];
let finished: typeof children = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});
beforeEach(async () => {
  // Under a loaded machine the daemons start slowly: on failure, show what they said.
  finished = [];
  onTestFailed(() => {
    for (const child of [...finished, ...children]) console.log(child.output().slice(-2000));
  });
  await redis.client().flushall();
  slack = await startSlackStandIn();
  env = alertTestEnv(redis.url, { IMALERT_MIN_INTERVAL_SECONDS: '1', HEARTBEAT_MS: '500', LOG_LEVEL: 'warn' });
  ctx = createContext('daemon', loadConfig(env as NodeJS.ProcessEnv));
  await addChannel(ctx, { name: 'ops', url: slack.url });
});
afterEach(async () => {
  finished = children.splice(0);
  for (const child of finished) {
    child.kill('SIGKILL');
    await exited(child);
  }
  await slack.stop();
  ctx.redis.disconnect();
});

const daemon = async (name: 'worker' | 'controller', consumer = '') => {
  const child = await startTsProcess(`daemons/${name}.ts`, consumer ? { ...env, WORKER_CONSUMER_NAME: consumer } : env);
  children.push(child);
  return child;
};
const delivered = () => slack.accepted().flatMap((r) => alertsInPayload(r.body).events);
const listen = (port: number) => new Promise<Server>((resolve) => {
  const server = createServer((s) => s.destroy());
  server.listen(port, '127.0.0.1', () => resolve(server));
});

it('a worker SIGKILLed after the state change but before delivery: the alert is still delivered, once', async () => {
  const port = await freePort(); // nothing listens: the monitor goes down on its first run
  const monitor = await ctx.monitors.create({ kind: 'tcp', name: 'db', host: '127.0.0.1', port, cron: '* * * * * *', timeoutMs: 500 });
  await slack.close(); // Slack unreachable: the alert cannot leave before the worker dies
  await daemon('controller');
  const first = await daemon('worker', 'first');
  await waitFor(async () => (await ctx.redis.hget(ctx.keys.state(monitor.id), 'status')) === 'down', 60_000, 100, 'monitor down');
  await waitFor(async () => (await getMonitorAlerts(ctx, monitor.id))[0]?.attempts >= 1, 60_000, 100, 'a failed delivery attempt');
  first.kill('SIGKILL');
  await exited(first);
  await slack.reopen();
  await daemon('worker', 'second');
  await waitFor(() => delivered().includes('down db'), 60_000, 100, 'the DOWN alert after the kill');
  await new Promise((r) => setTimeout(r, 3000));
  expect(delivered()).toEqual(['down db']);
  const alerts = await getMonitorAlerts(ctx, monitor.id);
  expect(alerts.map((a) => [a.type, a.status])).toEqual([['down', 'delivered']]);
});

it('two workers racing on one monitor: one DOWN per change, then one RESOLVED, in order', async () => {
  const port = await freePort();
  const monitor = await ctx.monitors.create({ kind: 'tcp', name: 'api', host: '127.0.0.1', port, cron: '* * * * * *', timeoutMs: 500, renotifyMinutes: 0 });
  await daemon('controller');
  await daemon('worker', 'w1');
  await daemon('worker', 'w2');
  await waitFor(() => delivered().includes('down api'), 60_000, 100, 'DOWN');
  await new Promise((r) => setTimeout(r, 3000)); // several more failing runs, by both workers
  expect(delivered()).toEqual(['down api']);
  const server = await listen(port);
  try {
    await waitFor(() => delivered().includes('resolved api'), 60_000, 100, 'RESOLVED');
    await new Promise((r) => setTimeout(r, 3000));
    expect(delivered()).toEqual(['down api', 'resolved api']);
    const [resolved] = await getMonitorAlerts(ctx, monitor.id);
    expect(resolved.type).toBe('resolved');
    expect(Number(resolved.downForMs)).toBeGreaterThan(0);
  } finally {
    server.close();
  }
});
