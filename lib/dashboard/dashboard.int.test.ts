import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { startHeartbeat } from '../heartbeat';
import type { AppContext } from '../context';
import { applyResult } from '../results';
import { JOBS_GROUP } from '../store';
import { dashboardPage, parseDashboardQuery, type DashboardQuery } from './index';
import { setStatus, testContext } from '../../test/support/dashboard-context';

let server: TestRedis;
let ctx: AppContext;
const KINDS = ['http', 'tcp', 'remind'] as const;
const expected: { id: string; name: string; kind: string; status: 'pending' | 'up' | 'down'; paused: boolean }[] = [];

function input(i: number) {
  const kind = KINDS[i % 3];
  const name = `${i % 2 ? 'prod' : 'staging'}-${kind} svc${String(i).padStart(3, '0')}`;
  const common = { name, cron: '*/5 * * * *', timeZone: 'UTC', enabled: i % 10 !== 0 };
  if (kind === 'http') return { ...common, kind, url: `https://example.com/${i}` };
  if (kind === 'tcp') return { ...common, kind, host: 'db.internal', port: 5432, timeoutMs: 1000 };
  return { ...common, kind, message: 'hello' };
}

beforeAll(async () => {
  server = await startRedis();
  ctx = testContext(server.client());
  for (let i = 0; i < 300; i++) {
    const m = await ctx.monitors.create(input(i));
    // A few down (small set), most up (large set), some left pending.
    const status = i % 25 === 0 ? 'down' : i % 7 === 0 ? 'pending' : 'up';
    if (status !== 'pending') await setStatus(ctx, m.id, status, { lastRunAt: String(Date.now() - 1000), last: JSON.stringify({ m: '', d: {}, ms: 12, w: 'w' }) });
    expected.push({ id: m.id, name: m.name, kind: m.kind, status, paused: !m.enabled });
  }
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

const q = (p: Record<string, string>): DashboardQuery => parseDashboardQuery(p);
const byName = (a: { name: string }, b: { name: string }) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1);

async function allPages(params: Record<string, string>, tuning?: Parameters<typeof dashboardPage>[2]) {
  const names: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page = await dashboardPage(ctx, q({ ...params, ...(after ? { after } : {}) }), tuning);
    names.push(...page.rows.map((r) => r.name));
    after = page.nextAfter;
    if (!after) return names;
  }
  throw new Error('paging did not end');
}

describe('dashboard page', () => {
  it('pages through every monitor in name order, without repeats', async () => {
    const names = await allPages({ limit: '40' });
    expect(names).toEqual([...expected].sort(byName).map((m) => m.name));
  });

  it('counts monitors per status and paused from the indexes', async () => {
    const page = await dashboardPage(ctx, q({ limit: '5' }));
    const count = (s: string) => expected.filter((m) => m.status === s).length;
    expect(page.counts).toEqual({ total: 300, pending: count('pending'), up: count('up'), down: count('down'), paused: expected.filter((m) => m.paused).length });
    expect(page.rows).toHaveLength(5);
    expect(page.matching).toBe(300);
  });

  it('fills a row with kind name, target, schedule in words, status and next run', async () => {
    const page = await dashboardPage(ctx, q({ search: 'svc001' }));
    expect(page.rows).toHaveLength(1);
    const row = page.rows[0];
    expect(row).toMatchObject({ name: 'prod-tcp svc001', kindName: 'Is It Reachable', target: 'db.internal:5432', status: 'up', lastDurationMs: 12, paused: false, cron: '*/5 * * * *' });
    expect(row.schedule).toMatch(/5 minutes/);
    expect(row.nextRunAt).toBeGreaterThan(Date.now() - 60_000);
    const http = (await dashboardPage(ctx, q({ search: 'svc003' }))).rows[0];
    expect(http.target).toBe('https://example.com/3');
  });

  it('filters by a small status set (intersection path) with paging', async () => {
    const names = await allPages({ status: 'down', limit: '3' });
    expect(names).toEqual(expected.filter((m) => m.status === 'down').sort(byName).map((m) => m.name));
  });

  it('filters by status and kind by walking the name index when the sets are large', async () => {
    const tuning = { smallSet: 10, searchCap: 1000, walkChunk: 7, walkMaxScan: 1000, walkBudget: 1000 };
    const names = await allPages({ status: 'up', kind: 'http', limit: '9' }, tuning);
    expect(names).toEqual(expected.filter((m) => m.status === 'up' && m.kind === 'http').sort(byName).map((m) => m.name));
  });

  it('ends a walk early at its bound and resumes from the cursor', async () => {
    const tuning = { smallSet: 10, searchCap: 1000, walkChunk: 5, walkMaxScan: 20, walkBudget: 40 };
    const first = await dashboardPage(ctx, q({ status: 'paused', limit: '50' }), tuning);
    expect(first.rows.length).toBeLessThan(expected.filter((m) => m.paused).length);
    expect(first.nextAfter).not.toBeNull();
    const names = await allPages({ status: 'paused', limit: '50' }, tuning);
    expect(names).toEqual(expected.filter((m) => m.paused).sort(byName).map((m) => m.name));
    // A larger budget: several short script calls fill the page in one request.
    const full = await dashboardPage(ctx, q({ status: 'paused', limit: '50' }), { ...tuning, walkBudget: 1000 });
    expect(full.rows.map((r) => r.name)).toEqual(names);
  });

  it('searches by word prefixes, combined with filters', async () => {
    const names = await allPages({ search: 'prod rem', limit: '10' });
    expect(names).toEqual(expected.filter((m) => m.name.startsWith('prod-remind')).sort(byName).map((m) => m.name));
    const down = await allPages({ search: 'staging', status: 'down' });
    expect(down).toEqual(expected.filter((m) => m.name.startsWith('staging') && m.status === 'down').sort(byName).map((m) => m.name));
    expect(await allPages({ search: 'nomatch' })).toEqual([]);
  });

  it('searches common words by walking the name index, complete and in name order', async () => {
    const tuning = { smallSet: 1000, searchCap: 5, walkChunk: 11, walkMaxScan: 1000, walkBudget: 1000 };
    const names = await allPages({ search: 'prod', limit: '25' }, tuning);
    expect(names).toEqual(expected.filter((m) => m.name.startsWith('prod')).sort(byName).map((m) => m.name));
    const both = await allPages({ search: 'sv prod', status: 'up', limit: '25' }, tuning);
    expect(both).toEqual(expected.filter((m) => m.name.startsWith('prod') && m.status === 'up').sort(byName).map((m) => m.name));
    // "rod" starts no word, though names contain it.
    expect(await allPages({ search: 'rod' }, { ...tuning, searchCap: -1 })).toEqual([]);
    expect(await allPages({ search: 'svc00' }, { ...tuning, searchCap: -1 })).toHaveLength(10);
  });

  it('shows paused and muted beside the status', async () => {
    const target = expected.find((m) => !m.paused)!;
    await ctx.monitors.patch(target.id, { mutedUntil: Date.now() + 3_600_000 });
    const row = (await dashboardPage(ctx, q({ search: target.name }))).rows[0];
    expect(row.mutedUntil).toBeGreaterThan(Date.now());
    const paused = (await dashboardPage(ctx, q({ status: 'paused', limit: '1' }))).rows[0];
    expect(paused).toMatchObject({ paused: true, nextRunAt: null });
  });

  it('shows what the result script wrote: status, last run, duration, 24 h uptime', async () => {
    const monitor = await ctx.monitors.create({ kind: 'tcp', name: 'zz uptime probe', cron: '*/5 * * * *', host: 'h', port: 1 });
    const now = Date.now();
    const job = (t: number) => ({ monitorId: monitor.id, fireTime: t, dispatchId: `d${t}`, trigger: 'schedule' as const });
    for (const [i, ok] of [true, true, true, false].entries()) {
      await applyResult(ctx, { monitor, job: job(now - (4 - i) * 60_000), result: { ok, durationMs: 10 + i, message: ok ? 'Connected' : 'refused', details: {} }, workerName: 'w' });
    }
    const row = (await dashboardPage(ctx, q({ search: 'uptime probe' }))).rows[0];
    expect(row).toMatchObject({ status: 'down', uptime24h: 75, lastDurationMs: 13, lastMessage: 'refused' });
    expect(row.lastRunAt).toBeGreaterThan(now - 60_000);
    await ctx.monitors.remove(monitor.id);
  });

  it('reports live processes, the exact job backlog and dead letters', async () => {
    const hb = startHeartbeat({ redis: ctx.redis, keys: ctx.keys, role: 'worker', name: 'w1', periodMs: 5000 });
    await hb.beat();
    await ctx.redis.xgroup('CREATE', ctx.keys.jobs, JOBS_GROUP, '0', 'MKSTREAM');
    for (let i = 0; i < 30; i++) await ctx.redis.xadd(ctx.keys.jobs, '*', 'j', `m${i} 1000`);
    await ctx.redis.xadd(ctx.keys.jobs, '*', 'monitorId', 'x', 'fireTime', '1', 'dispatchId', 'm:x:1', 'trigger', 'manual');
    await ctx.redis.xreadgroup('GROUP', JOBS_GROUP, 'c1', 'COUNT', 4, 'STREAMS', ctx.keys.jobs, '>');
    await ctx.redis.xadd(ctx.keys.deadLetters, '*', 'monitorId', 'x');
    const { system } = await dashboardPage(ctx, q({ limit: '1' }));
    expect(system).toEqual({ redis: 'up', controllers: 0, workers: 1, jobsWaiting: 27, jobsPending: 4, deadLetters: 1 });
    const [first] = await ctx.redis.xrange(ctx.keys.jobs, '-', '+', 'COUNT', 1);
    await ctx.redis.xack(ctx.keys.jobs, JOBS_GROUP, first[0]);
    expect((await dashboardPage(ctx, q({ limit: '1' }))).system).toMatchObject({ jobsWaiting: 27, jobsPending: 3 });
    await hb.stop();
  });
});
