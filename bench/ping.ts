/**
 * `npm run bench -- ping [--requests 1000] [--monitors 50]`
 * How fast a Did It Run's ping URL answers: GET /api/ping/<token> and its /start through the UI server
 * on the production build (needs a build in .next), p50/p95/p99 over N sequential requests, beside
 * GET /api/health on the same server in the same run (one Redis write probe: the floor of any route
 * that touches Redis), and the same pings in-process (no HTTP) with the Redis commands each one costs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readPingDetails, receivePing } from '../lib/pings';
import { freePort, waitFor } from '../test/support/ports';
import { startRedis } from '../test/support/redis-server';
import { testContext } from '../test/support/dashboard-context';
import { median, percentile, printTable } from './machine';

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

async function timeIt(times: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await work(i); // warm-up: routes compiled, scripts cached, JIT
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await work(i);
    out.push(performance.now() - start);
  }
  return out;
}

const ms = (v: number) => `${v.toFixed(2)} ms`;

async function commandsProcessed(ctx: ReturnType<typeof testContext>): Promise<number> {
  return Number((await ctx.redis.info('stats')).match(/total_commands_processed:(\d+)/)?.[1]);
}

export default async function run(args: string[]): Promise<void> {
  const requests = Number(option(args, 'requests', '1000'));
  const monitorCount = Number(option(args, 'monitors', '50'));
  if (!existsSync('.next/BUILD_ID')) throw new Error('the ping bench needs a build: run `npm run build` first.');
  const redis = await startRedis();
  const ctx = testContext(redis.client());
  let ui: ChildProcess | undefined;
  const rows: Record<string, string | number>[] = [];
  try {
    const tokens: string[] = [];
    for (let i = 0; i < monitorCount; i++) {
      const monitor = await ctx.monitors.create({ kind: 'heartbeat', name: `bench job ${i}`, cron: '0 3 * * *', graceSeconds: 600 });
      tokens.push((await readPingDetails(ctx, monitor.id)).token!);
    }
    const port = await freePort();
    // TRUST_PROXY=loopback: each request names its client in X-Forwarded-For, so the per-address limit is one host's.
    ui = spawn(process.execPath, ['scripts/ui-server.mjs', '--port', String(port), '--hostname', '127.0.0.1'], {
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', REDIS_URL: redis.url, TRUST_PROXY: 'loopback', LOG_LEVEL: 'warn',
        IMALERT_KEY_PREFIX: ctx.config.IMALERT_KEY_PREFIX, IMALERT_SECRET_KEY: ctx.config.IMALERT_SECRET_KEY!, IMALERT_ADMIN_PASSWORD: 'bench-password' },
      stdio: 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/api/health`).catch(() => undefined))?.ok === true, 60_000, 200, 'the UI server');

    const client = (i: number) => ({ 'x-forwarded-for': `10.9.${i % monitorCount}.1` });
    const get = async (url: string, headers: Record<string, string> = {}) => {
      const response = await fetch(url, { headers });
      if (!response.ok) throw new Error(`${url.replace(/[^/]{43}(\/|$)/, '<token>$1')} answered ${response.status}`);
      await response.arrayBuffer();
    };
    const add = (what: string, samples: number[], extra: Record<string, string | number> = {}) =>
      rows.push({ request: what, n: samples.length, p50: ms(median(samples)), p95: ms(percentile(samples, 95)), p99: ms(percentile(samples, 99)), 'Redis commands': '', ...extra });

    add('ours: GET ping URL (HTTP)', await timeIt(requests, (i) => get(`${base}/api/ping/${tokens[i % monitorCount]}`, client(i))));
    add('ours: GET ping URL /start (HTTP)', await timeIt(requests, (i) => get(`${base}/api/ping/${tokens[i % monitorCount]}/start`, client(i))));
    add('baseline: GET /api/health (HTTP, same server)', await timeIt(requests, () => get(`${base}/api/health`)));

    // In-process, the Redis part alone; limits count per token and client, so each token and address is fresh here.
    const fresh = testContext(redis.client());
    const freshTokens: string[] = [];
    const inProcess = Math.min(requests, monitorCount * 50);
    for (let i = 0; i < monitorCount; i++) {
      const monitor = await fresh.monitors.create({ kind: 'heartbeat', name: `bench job ${i}`, cron: '0 3 * * *', graceSeconds: 600 });
      freshTokens.push((await readPingDetails(fresh, monitor.id)).token!);
    }
    const before = await commandsProcessed(fresh);
    const samples = await timeIt(inProcess, (i) => receivePing(fresh, freshTokens[i % monitorCount], 'success', `10.8.${i % monitorCount}.1`));
    const perPing = ((await commandsProcessed(fresh)) - before - 1) / (inProcess + 20);
    add('ours: receivePing in-process (2 round trips)', samples, { 'Redis commands': perPing.toFixed(1) });
  } finally {
    if (ui?.pid) process.kill(ui.pid, 'SIGTERM');
    await redis.stop();
  }
  printTable('Ping URL answer time (sequential requests, production build)', rows);
}
