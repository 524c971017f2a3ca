import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createContext, type AppContext } from '../context';
import { liveProcesses } from '../heartbeat';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { waitFor } from '../../test/support/ports';
import { checkExactlyOnce, readJobs, sleep, spawnController, TEST_SECRET_KEY, type ScheduledMonitor, type SpawnedDaemon } from '../../test/fixtures/dispatch';

// Two controller processes on one Redis, 1,200 monitors on seconds-level crons in several zones:
// every (monitor, fire time) goes out exactly once and never early — also when one controller is
// SIGKILLed, and when Redis itself is killed and restarted (AOF with fsync always) mid-run.
const MONITORS = 1200;
const CRONS = ['*/2 * * * * *', '*/3 * * * * *', '1-59/4 * * * * *', '*/5 * * * * *', '*/6 * * * * *'];
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Adelaide'];

let redis: TestRedis;

beforeAll(async () => {
  redis = await startRedis({ persistence: true, args: ['--appendfsync', 'always'] });
});
afterAll(async () => {
  await redis?.stop();
});

async function setUp(prefix: string): Promise<{ ctx: AppContext; monitors: ScheduledMonitor[]; env: Record<string, string> }> {
  const env: Record<string, string> = { REDIS_URL: redis.url, IMALERT_KEY_PREFIX: prefix, IMALERT_MIN_INTERVAL_SECONDS: '1', HEARTBEAT_MS: '500', IMALERT_SECRET_KEY: TEST_SECRET_KEY };
  const ctx = createContext('daemon', loadConfig(env as NodeJS.ProcessEnv), redis.client());
  ctx.redis.on('error', () => undefined); // the restart scenario kills Redis under this client on purpose
  const monitors: ScheduledMonitor[] = [];
  for (let start = 0; start < MONITORS; start += 100) {
    const created = await Promise.all(Array.from({ length: 100 }, (_, j) => {
      const i = start + j;
      return ctx.monitors.create({ kind: 'tcp', name: `m${i}`, cron: CRONS[i % CRONS.length], timeZone: ZONES[i % ZONES.length], host: '127.0.0.1', port: 9 });
    }));
    monitors.push(...created.map((m) => ({ id: m.id, cron: m.cron, timeZone: m.timeZone })));
  }
  return { ctx, monitors, env };
}

async function startControllers(ctx: AppContext, env: Record<string, string>, count = 2): Promise<SpawnedDaemon[]> {
  const daemons = Array.from({ length: count }, () => spawnController(env));
  await waitFor(async () => (await liveProcesses(ctx.redis, ctx.keys, 'controller')).length === count, 20_000, 100, 'controller heartbeats');
  await sleep(1000); // both past their first tick
  return daemons;
}

const redisClock = async (ctx: AppContext) => {
  const [s, us] = await ctx.redis.time();
  return Number(s) * 1000 + Math.floor(Number(us) / 1000);
};

describe('two controllers dispatch every fire time exactly once', () => {
  it('with both running for 20 s', async () => {
    const { ctx, monitors, env } = await setUp('eo-both');
    const daemons = await startControllers(ctx, env);
    const from = await redisClock(ctx);
    await sleep(20_000);
    const to = (await redisClock(ctx)) - 1000;
    expect(await Promise.all(daemons.map((d) => d.stop()))).toEqual([0, 0]);
    const jobs = await readJobs(ctx.redis, ctx.keys);
    expect(jobs.length).toBeGreaterThan(MONITORS * 5);
    expect(checkExactlyOnce(jobs, monitors, { from, to })).toEqual([]);
  });

  it('when one controller is killed with SIGKILL mid-run', async () => {
    const { ctx, monitors, env } = await setUp('eo-kill');
    const [victim, survivor] = await startControllers(ctx, env);
    const from = await redisClock(ctx);
    await sleep(4000);
    await victim.kill();
    await sleep(8000);
    const to = (await redisClock(ctx)) - 1000;
    expect(await survivor.stop()).toBe(0);
    const jobs = await readJobs(ctx.redis, ctx.keys);
    expect(checkExactlyOnce(jobs, monitors, { from, to })).toEqual([]);
    expect(jobs.filter((j) => j.fireTime > from + 6000).length).toBeGreaterThan(MONITORS);
  });

  it('when the Redis server is killed and restarted mid-run (AOF, fsync always)', async () => {
    const { ctx, monitors, env } = await setUp('eo-restart');
    const daemons = await startControllers(ctx, env);
    const from = await redisClock(ctx);
    await sleep(4000);
    const downAt = Date.now();
    await redis.kill();
    await sleep(1000);
    await redis.restart();
    const upAt = Date.now();
    // The controllers reconnect by themselves (ioredis backoff) and catch up: missed fires fold into one.
    await waitFor(async () => (await liveProcesses(ctx.redis, ctx.keys, 'controller')).length === 2, 15_000, 100, 'controllers back');
    const backAt = Date.now();
    await sleep(6000);
    const to = (await redisClock(ctx)) - 1000;
    expect(await Promise.all(daemons.map((d) => d.stop()))).toEqual([0, 0]);
    const jobs = await readJobs(ctx.redis, ctx.keys);
    expect(checkExactlyOnce(jobs, monitors, { from, to }, [[downAt - 500, backAt + 1000]])).toEqual([]);
    expect(jobs.some((j) => j.fireTime > backAt + 1000)).toBe(true);
    const logs = daemons.map((d) => d.output()).join('\n');
    expect(logs).toContain('Redis is unavailable; retrying with backoff');
    expect(logs).toContain('Redis is back');
    expect(upAt).toBeGreaterThan(downAt);
  });
});
