import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { waitFor } from '../../test/support/ports';
import { loadConfig } from '../config';
import { createContext, type AppContext } from '../context';
import { liveProcesses } from '../heartbeat';
import type { Logger } from '../log';
import { parseJobEntry } from '../queue/job';
import { Controller } from './controller';
import { sleep, spawnController, TEST_SECRET_KEY } from '../../test/fixtures/dispatch';

// The controller class in this process against its own redis-server (started with an eviction
// policy, to see the warning): unreadable records, live edits, heartbeat and the summary.
let server: TestRedis;
let redis: Redis;

interface Line { level: string; msg: string; fields: Record<string, unknown> }

function capturingLogger(lines: Line[]): Logger {
  const make = (base: Record<string, unknown>): Logger => {
    const write = (level: string) => (msg: string, fields: Record<string, unknown> = {}) => void lines.push({ level, msg, fields: { ...base, ...fields } });
    return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), child: (fields) => make({ ...base, ...fields }) };
  };
  return make({});
}

beforeAll(async () => {
  server = await startRedis({ args: ['--maxmemory-policy', 'allkeys-lru'] });
  redis = server.client();
});
afterAll(async () => server?.stop());

async function running(prefix: string): Promise<{ ctx: AppContext; controller: Controller; lines: Line[] }> {
  const env = { REDIS_URL: server.url, IMALERT_SECRET_KEY: TEST_SECRET_KEY, IMALERT_KEY_PREFIX: prefix, IMALERT_MIN_INTERVAL_SECONDS: '1' };
  const ctx = createContext('daemon', loadConfig(env as unknown as NodeJS.ProcessEnv), redis);
  const lines: Line[] = [];
  const controller = new Controller({ redis, keys: ctx.keys, log: capturingLogger(lines), tickMs: 100, batchSize: 100, heartbeatMs: 200, summaryMs: 300, name: `c-${prefix}` });
  await controller.start();
  return { ctx, controller, lines };
}

const jobsOf = async (ctx: AppContext, id: string) => (await redis.xrange(ctx.keys.jobs, '-', '+')).filter((entry) => parseJobEntry(entry)?.monitorId === id).length;

describe('Controller', () => {
  it('logs an unreadable record once, moves it forward, and logs it again only when it changes', async () => {
    const { ctx, controller, lines } = await running('unreadable');
    const unreadable = () => lines.filter((l) => l.msg.startsWith('monitor record is unreadable'));
    await redis.set(ctx.keys.monitor('broken'), '{"cron": 5');
    await redis.zadd(ctx.keys.schedule, 1, 'broken');
    await waitFor(() => unreadable().length === 1, 30_000, 20, 'the first log line');
    const [seconds] = await redis.time();
    expect(Number(await redis.zscore(ctx.keys.schedule, 'broken'))).toBeGreaterThan(Number(seconds) * 1000 + 50_000);
    expect(unreadable()[0]).toMatchObject({ level: 'warn', fields: { monitorId: 'broken', error: 'not valid JSON' } });
    await redis.zadd(ctx.keys.schedule, 1, 'broken'); // due again, same text: no second line
    await waitFor(async () => Number(await redis.zscore(ctx.keys.schedule, 'broken')) > 1, 30_000, 20, 'moved again');
    expect(unreadable()).toHaveLength(1);
    await redis.set(ctx.keys.monitor('broken'), '{"cron": 6');
    await redis.zadd(ctx.keys.schedule, 1, 'broken');
    await waitFor(() => unreadable().length === 2, 30_000, 20, 'a line for the changed record');
    expect(await redis.exists(ctx.keys.jobs)).toBe(1); // the group's stream, but no job in it
    expect(await redis.xlen(ctx.keys.jobs)).toBe(0);
    await controller.stop();
  });

  it('picks up new, paused, resumed and deleted monitors within a tick, without a restart', async () => {
    const { ctx, controller } = await running('live');
    const m = await ctx.monitors.create({ kind: 'remind', name: 'every second', cron: '* * * * * *', message: 'hi' });
    await waitFor(async () => (await jobsOf(ctx, m.id)) >= 2, 30_000, 50, 'jobs of a new monitor');
    await ctx.monitors.patch(m.id, { enabled: false });
    await sleep(1000); // a dispatch already under way when it was paused ends
    const whilePaused = await jobsOf(ctx, m.id);
    await sleep(1500);
    expect(await jobsOf(ctx, m.id)).toBe(whilePaused);
    await ctx.monitors.patch(m.id, { enabled: true });
    await waitFor(async () => (await jobsOf(ctx, m.id)) > whilePaused, 30_000, 50, 'jobs after resuming');
    await ctx.monitors.remove(m.id);
    await sleep(1000);
    const afterDelete = await jobsOf(ctx, m.id);
    await sleep(1500);
    expect(await jobsOf(ctx, m.id)).toBe(afterDelete);
    await controller.stop();
  });

  it('follows an edited schedule within a tick, without a restart', async () => {
    const { ctx, controller } = await running('edited');
    const input = { kind: 'remind', name: 'yearly at first', cron: '0 0 1 1 *', message: 'hi' };
    const m = await ctx.monitors.create(input);
    await sleep(1200);
    expect(await jobsOf(ctx, m.id)).toBe(0);
    await ctx.monitors.update(m.id, { ...input, cron: '* * * * * *' });
    await waitFor(async () => (await jobsOf(ctx, m.id)) >= 2, 30_000, 50, 'jobs on the edited schedule');
    await ctx.monitors.update(m.id, input);
    await sleep(1000);
    const afterEditBack = await jobsOf(ctx, m.id);
    await sleep(1500);
    expect(await jobsOf(ctx, m.id)).toBe(afterEditBack);
    await controller.stop();
  });

  it('follows an edit of a schedule it has been dispatching: the record it read before is not reused', async () => {
    const { ctx, controller } = await running('re-edited');
    const input = { kind: 'remind', name: 'every second, then every third', cron: '* * * * * *', message: 'hi' };
    const m = await ctx.monitors.create(input);
    await waitFor(async () => (await jobsOf(ctx, m.id)) >= 2, 30_000, 50, 'jobs every second');
    await ctx.monitors.update(m.id, { ...input, cron: '*/3 * * * * *' });
    const editedAt = Date.now();
    const fires = async () => (await redis.xrange(ctx.keys.jobs, '-', '+')).map((entry) => parseJobEntry(entry)!)
      .filter((job) => job.monitorId === m.id && job.fireTime > editedAt + 1000);
    const later = await waitFor(async () => { const f = await fires(); return f.length >= 3 ? f : undefined; }, 30_000, 50, 'jobs on the edited schedule');
    await controller.stop();
    expect(later.map((job) => job.fireTime % 3000)).toEqual(later.map(() => 0));
  });

  it('sends every job at or after its fire time by Redis\'s clock, and soon after it, when it prepares a batch ahead', async () => {
    const { ctx, controller } = await running('on-time');
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await ctx.monitors.create({ kind: 'remind', name: `on time ${i}`, cron: '* * * * * *', message: 'hi' })).id);
    const scheduled = async () => (await redis.xrange(ctx.keys.jobs, '-', '+')).map((entry) => ({ entryMs: Number(entry[0].split('-')[0]), job: parseJobEntry(entry)! }));
    // Three fire times each: the first wake finds them due, the later ones are prepared ahead.
    const out = await waitFor(async () => {
      const all = await scheduled();
      return ids.every((id) => all.filter(({ job }) => job.monitorId === id).length >= 3) ? all : undefined;
    }, 60_000, 50, 'three jobs of every monitor');
    await controller.stop();
    for (const { entryMs, job } of out) {
      expect(job.fireTime % 1000).toBe(0);
      expect(entryMs).toBeGreaterThanOrEqual(job.fireTime);
      expect(entryMs - job.fireTime).toBeLessThan(5000); // generous: the machine is shared
    }
  });

  it('keeps a heartbeat with a TTL of three periods, logs summaries, warns about eviction, and cleans up on stop', async () => {
    const { ctx, controller, lines } = await running('alive');
    const [alive] = await waitFor(async () => {
      const live = await liveProcesses(redis, ctx.keys, 'controller');
      return live.length ? live : undefined;
    }, 30_000, 20, 'heartbeat');
    expect(alive).toMatchObject({ name: 'c-alive', role: 'controller', pid: process.pid });
    // Read right after a beat, most of its three periods are left.
    await waitFor(async () => (await redis.pttl(ctx.keys.heartbeat('controller', 'c-alive'))) > 400, 10_000, 10, 'a TTL read right after a beat');
    expect(lines.find((l) => l.msg.startsWith('Redis maxmemory-policy is not noeviction'))?.fields).toMatchObject({ maxmemoryPolicy: 'allkeys-lru' });
    await waitFor(() => lines.some((l) => l.msg === 'dispatch summary' && l.level === 'info'), 30_000, 20, 'a summary');
    const groups = (await redis.xinfo('GROUPS', ctx.keys.jobs)) as unknown[][];
    expect(groups.map((g) => g[1])).toEqual(['workers']);
    await controller.stop();
    expect(await liveProcesses(redis, ctx.keys, 'controller')).toEqual([]);
    expect(lines.at(-1)?.msg).toBe('controller stopped');
  });

  it('started on its own without a secret key, exits with a message saying so', async () => {
    const daemon = spawnController({ REDIS_URL: server.url, IMALERT_SECRET_KEY: '' });
    expect(await daemon.exited).toBe(1);
    expect(daemon.output()).toContain('IMALERT_SECRET_KEY is not set');
  });
});
