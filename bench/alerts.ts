/**
 * `npm run bench -- alerts [monitors=10000] [workers=2]`: issue 4 §4. N tcp monitors, each against a
 * local port of its own, run by the real controller and workers; once all are up, every port closes
 * at once. Measures the Slack messages the stand-in receives, the time from the close to the last
 * one, that every monitor is named in a message or listed in the alert log, and duplicates.
 * Baseline: one message per alert at Slack's 1 message/s (what the original would need at best).
 */
import { createServer, type Server } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { addChannel, getAlertLog, type AlertLogEntry } from '../lib/alerts';
import { createContext } from '../lib/context';
import { loadConfig } from '../lib/config';
import { alertsInPayload, TEST_SECRET_KEY } from '../test/support/alerts';
import { waitFor } from '../test/support/ports';
import { exited, startTsProcess } from '../test/support/processes';
import { startRedis } from '../test/support/redis-server';
import { startSlackStandIn } from '../test/support/slack-stand-in';
import { printTable } from './machine';

const CRON = process.env.BENCH_CRON ?? '*/10 * * * * *';

/**
 * The targets listen on fixed ports below the OS's ephemeral range, so once closed, no other process
 * on the machine (tests open servers on port 0 all the time) gets one of them by chance and
 * "brings a monitor back up" in the middle of the measurement.
 */
async function openPorts(count: number, base = Number(process.env.BENCH_PORT_BASE ?? 12_000)): Promise<Server[]> {
  const servers: Server[] = [];
  let port = base;
  while (servers.length < count) {
    const batch = Array.from({ length: Math.min(500, count - servers.length) }, () => port++).map((p) => new Promise<Server | undefined>((resolve) => {
      const server = createServer((socket) => socket.destroy());
      server.once('error', () => resolve(undefined)); // taken: skip it
      server.listen(p, '127.0.0.1', () => resolve(server));
    }));
    servers.push(...(await Promise.all(batch)).filter((s): s is Server => Boolean(s)));
    if (port > 32_000) throw new Error('not enough free ports below 32000');
  }
  return servers;
}

const portOf = (server: Server) => (server.address() as { port: number }).port;

async function readWholeLog(ctx: Parameters<typeof getAlertLog>[0]): Promise<AlertLogEntry[]> {
  const all: AlertLogEntry[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await getAlertLog(ctx, { limit: 1000, before });
    all.push(...page.entries);
    if (!page.nextBefore) return all;
    before = page.nextBefore;
  }
}

export default async function run(args: string[]): Promise<void> {
  const monitors = Number(args[0] ?? 10_000);
  const workers = Number(args[1] ?? 2);
  const redis = await startRedis();
  const slack = await startSlackStandIn();
  const env: Record<string, string> = {
    REDIS_URL: redis.url,
    IMALERT_SECRET_KEY: TEST_SECRET_KEY,
    IMALERT_KEY_PREFIX: 'bench-alerts',
    IMALERT_MIN_INTERVAL_SECONDS: '1',
    IMALERT_PUBLIC_URL: 'http://imalert.local',
    LOG_LEVEL: 'warn',
    NEXT_TELEMETRY_DISABLED: '1',
    // Tuning of the daemons under test passes through (e.g. WORKER_MAX_THREADS=4).
    ...Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => /^(WORKER|CONTROLLER)_/.test(e[0]) && e[1] !== undefined)),
  };
  const ctx = createContext('daemon', loadConfig(env as NodeJS.ProcessEnv));
  const children: ChildProcess[] = [];
  let servers: Server[] = [];
  try {
    console.log(`alerts bench: ${monitors} tcp monitors, ${workers} worker(s), cron "${CRON}"`);
    servers = await openPorts(monitors);
    await addChannel(ctx, { name: 'bench', url: slack.url });
    const created = Date.now();
    for (let i = 0; i < monitors; i += 200) {
      await Promise.all(servers.slice(i, i + 200).map((server, j) => ctx.monitors.create({
        kind: 'tcp', name: `bench-${i + j}`, host: '127.0.0.1', port: portOf(server), timeoutMs: 2000, cron: CRON,
        renotifyMinutes: 0,
      })));
    }
    console.log(`created ${monitors} monitors in ${((Date.now() - created) / 1000).toFixed(1)} s`);

    children.push(await startTsProcess('daemons/controller.ts', env));
    for (let i = 0; i < workers; i++) children.push(await startTsProcess('daemons/worker.ts', { ...env, WORKER_CONSUMER_NAME: `bench-w${i}` }));
    let lastReport = Date.now();
    await waitFor(async () => {
      const up = await ctx.redis.scard(ctx.keys.indexByStatus('up'));
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        console.log(`  ${up} / ${monitors} up, jobs stream ${await ctx.redis.xlen(ctx.keys.jobs)}`);
      }
      return up === monitors;
    }, Number(process.env.BENCH_UP_TIMEOUT_MS ?? 180_000), 500, 'every monitor up');
    const before = slack.requests.length;

    // The outage: every target closes at once.
    const closedAt = Date.now();
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    servers = [];
    const allDown = await waitFor(async () => (await ctx.redis.scard(ctx.keys.indexByStatus('down'))) === monitors, 120_000, 200, 'every monitor down')
      .then(() => true, () => false);
    const allDownMs = Date.now() - closedAt;
    if (!allDown) console.log(`only ${await ctx.redis.scard(ctx.keys.indexByStatus('down'))} monitors down after 120 s`);
    await waitFor(async () => {
      const [outbox, working] = await Promise.all([ctx.redis.xlen(ctx.keys.outbox), ctx.redis.scard(ctx.keys.channelsWithWork)]);
      return outbox === 0 && working === 0;
    }, 300_000, 200, 'every alert delivered');
    await new Promise((r) => setTimeout(r, 2000)); // anything late would show up now

    const messages = slack.accepted().filter((r) => r.at >= closedAt && slack.requests.indexOf(r) >= before);
    const monitorMessages = messages.filter((m) => !String(m.body?.blocks?.[0]?.text?.text ?? '').match(/^(⚠️|✅ A )/));
    const lastMs = monitorMessages.length ? monitorMessages[monitorMessages.length - 1].at - closedAt : NaN;
    const parsed = monitorMessages.map((m) => alertsInPayload(m.body));
    const named = parsed.flatMap((p) => p.events).filter((e) => e.startsWith('down '));
    const carried = parsed.reduce((n, p) => n + p.events.length + p.more, 0);
    const wholeLog = await readWholeLog(ctx);
    const log = wholeLog.filter((e) => e.type === 'down');
    const byType = new Map<string, number>();
    for (const e of wholeLog) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    console.log(`alert log by type: ${JSON.stringify(Object.fromEntries(byType))}`);
    const downByMonitor = new Map<string, number>();
    for (const e of log) downByMonitor.set(e.monitorId, (downByMonitor.get(e.monitorId) ?? 0) + 1);
    const listed = [...downByMonitor.values()].filter((n) => n >= 1).length;
    for (const [monitorId, n] of [...downByMonitor].filter(([, n]) => n > 1).slice(0, 5)) {
      const entries = wholeLog.filter((e) => e.monitorId === monitorId).map((e) => `${e.type}@${e.fireTime}:${e.status}:${e.message}`);
      console.log(`monitor ${monitorId} has ${n} down alerts: ${entries.join(' | ')}`);
    }
    const deliveredInLog = log.filter((e) => e.status === 'delivered' || e.status === 'digest').length;
    const duplicates = (named.length - new Set(named).size) + Math.max(0, carried - log.length) + [...downByMonitor.values()].filter((n) => n > 1).length;
    const ok = monitorMessages.length <= 30 && lastMs <= 30_000 && listed === monitors && deliveredInLog === monitors && duplicates === 0;

    printTable(`Alerts: ${monitors} monitors down at once, one Slack channel`, [
      {
        approach: 'imalert (paced, digests)', 'Slack messages': monitorMessages.length, 'last delivered after close': `${(lastMs / 1000).toFixed(1)} s`,
        'monitors in a message or the log': `${listed} / ${monitors}`, duplicates,
      },
      {
        approach: 'naive: 1 message per alert at 1/s', 'Slack messages': monitors, 'last delivered after close': `${monitors.toLocaleString('en')} s`,
        'monitors in a message or the log': `${monitors} / ${monitors}`, duplicates: 0,
      },
    ]);
    console.log(`\nAll monitors down (state) after ${(allDownMs / 1000).toFixed(1)} s, the last message ${((lastMs - allDownMs) / 1000).toFixed(1)} s after that; ${named.length} monitors named in messages, ` +
      `${carried} alerts carried by messages, ${deliveredInLog} delivered in the alert log; system messages: ${messages.length - monitorMessages.length}.`);
    console.log(`Targets: messages ≤ 30, last ≤ 30 s, every monitor accounted for, zero duplicates → ${ok ? 'MET' : 'NOT MET'}`);
  } catch (error) {
    for (const child of children) console.error((child as ChildProcess & { output(): string }).output().slice(-3000));
    throw error;
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => Promise.race([exited(c), new Promise((r) => setTimeout(r, 15_000))])));
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    ctx.redis.disconnect();
    await slack.stop();
    await redis.stop();
  }
}
