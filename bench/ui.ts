/**
 * `npm run bench -- ui [--sizes 10000,50000] [--requests 60] [--hours 24] [--http]`
 * The dashboard's data request (first page of 50, default sort, with counts and system strip) at
 * each size, p50/p95 over N sequential requests, beside a naive full-scan dashboard in the same run.
 * --http also times GET /api/dashboard against `next start` (needs a build in .next).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createSession } from '../lib/auth';
import { createUser } from '../lib/users';
import { dashboardPage, parseDashboardQuery, type DashboardQuery } from '../lib/dashboard';
import { freePort, waitFor } from '../test/support/ports';
import { startRedis } from '../test/support/redis-server';
import { testContext } from '../test/support/dashboard-context';
import { median, percentile, printTable } from './machine';
import { naiveDashboardPage } from './ui-naive';
import { seedMonitors } from './ui-seed';

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

async function timeIt(times: number, work: () => Promise<unknown>): Promise<number[]> {
  // Warm-up: script cache, JIT, and the garbage left by seeding, so the samples are steady state.
  for (let i = 0; i < 10; i++) await work();
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await work();
    out.push(performance.now() - start);
  }
  return out;
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

async function startNext(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn('npx', ['next', 'start', '-p', String(port)], { env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: '1' }, stdio: 'ignore', detached: true });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/api/health`).catch(() => undefined))?.ok === true, 60_000, 200, 'next start');
  return { url, child };
}

export default async function run(args: string[]): Promise<void> {
  const sizes = option(args, 'sizes', '10000,50000').split(',').map(Number);
  const requests = Number(option(args, 'requests', '60'));
  const hours = Number(option(args, 'hours', '24'));
  const http = args.includes('--http');
  if (http && !existsSync('.next/BUILD_ID')) throw new Error('--http needs a build: run `npx next build` first.');

  const redis = await startRedis();
  const ctx = testContext(redis.client());
  const rows: Record<string, string | number>[] = [];
  let next: { url: string; child: ChildProcess } | undefined;
  try {
    if (http) {
      next = await startNext({ REDIS_URL: redis.url, IMALERT_KEY_PREFIX: ctx.config.IMALERT_KEY_PREFIX, IMALERT_SECRET_KEY: ctx.config.IMALERT_SECRET_KEY!, IMALERT_ADMIN_PASSWORD: 'bench-password' });
    }
    const admin = await createUser(ctx, { name: 'bench', role: 'viewer', passwordHash: 'none', createdBy: 'bench' });
    const cookie = `imalert_session=${(await createSession(ctx, admin!)).id}`;
    let seeded = 0;
    for (const size of sizes) {
      const seedStart = performance.now();
      await seedMonitors(ctx, seeded, size, hours);
      seeded = size;
      const seedSeconds = (performance.now() - seedStart) / 1000;
      const memory = (await ctx.redis.info('memory')).match(/used_memory_human:(\S+)/)?.[1] ?? '?';
      console.log(`seeded ${size} monitors (${hours} h of hourly results each) in ${seedSeconds.toFixed(0)} s; Redis uses ${memory}`);

      const query = (p: Record<string, string>): DashboardQuery => parseDashboardQuery({ limit: '50', ...p });
      const add = (what: string, samples: number[], shown: number) =>
        rows.push({ monitors: size, request: what, rows: shown, n: samples.length, p50: ms(median(samples)), p95: ms(percentile(samples, 95)) });
      const ours = async (what: string, p: Record<string, string>) => {
        const shown = (await dashboardPage(ctx, query(p))).rows.length;
        add(`ours: ${what}`, await timeIt(requests, () => dashboardPage(ctx, query(p))), shown);
      };

      await ours('first page, in-process', {});
      await ours('status=down', { status: 'down' });
      await ours('kind=http & status=up', { kind: 'http', status: 'up' });
      await ours('search "prod api"', { search: 'prod api' });
      if (next) {
        const url = `${next.url}/api/dashboard?limit=50`;
        add('ours: first page, HTTP (next start)', await timeIt(requests, async () => {
          const response = await fetch(url, { headers: { cookie } });
          if (!response.ok) throw new Error(`dashboard answered ${response.status}`);
          await response.json();
        }), 50);
      }
      const naiveRuns = Math.max(5, Math.min(requests, Math.round(200_000 / size)));
      add('baseline: naive full scan', await timeIt(naiveRuns, () => naiveDashboardPage(ctx)), 50);
    }
  } finally {
    if (next?.child.pid) process.kill(-next.child.pid, 'SIGTERM');
    await redis.stop();
  }
  printTable('Dashboard data request (page of 50, counts, system strip)', rows);
  const p95 = (size: number) => rows.find((r) => r.monitors === size && r.request === 'ours: first page, in-process')?.p95;
  if (sizes.length > 1) console.log(`\nTarget: p95 ≤ 300 ms at ${sizes[0]}; p95 at ${sizes[sizes.length - 1]} ≤ 1.5 × that. Measured: ${p95(sizes[0])} and ${p95(sizes[sizes.length - 1])}.`);
  console.log('Uptime Kuma (reported by its users, not measured here): 15–50 s dashboard loads at 700–1,855 monitors.');
}
