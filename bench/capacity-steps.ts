import type { Redis } from 'ioredis';
/**
 * The largest N of Is It Reachable monitors on a 1-minute cron the whole system runs with no backlog,
 * found by stepping N. A step passes when, for each watched fire time, the schedule lag (dispatch
 * time − fire time, from the jobs stream) has p99 < 5 s, no job was dispatched twice, every monitor has
 * exactly one run in Redis, and the targets saw exactly N connections within that minute.
 */
import type { AppContext } from '../lib/context';
import { cpuBetween, loadAverage, machineBusy, machineTicks, treeCpu, type CpuWindow } from './capacity-cpu';
import { tapJobs, type tcpTargets } from './capacity-targets';
import { percentile } from './machine';
import { sleep } from './worker-parts';
import type { WholeSystem } from './whole-system';

const MINUTE = 60_000;
const LAG_P99_LIMIT_MS = 5000;
const SEED_CONCURRENCY = 500;

export interface StepResult {
  monitors: number;
  seedSeconds: number;
  dispatchLag: { p50: number; p99: number; max: number };
  /** When the targets saw the checks, after the fire time: p99 and the last one. */
  checkLag: { p99: number; last: number };
  /** Monitors short of exactly one run per watched fire time; jobs dispatched twice; connections beyond or short of N. */
  wrongRuns: number;
  wrongDispatches: number;
  /** Jobs the tap saw (the lag figures are theirs). */
  tapped: number;
  connectionsOff: number;
  cpu: CpuWindow;
  redisUsPerJob: number;
  /** Share of the machine's cores busy in the window, other users' work included. */
  machineBusy: number;
  /** Redis's used_memory per monitor at the end of the step. */
  redisBytesPerMonitor: number;
  load: string;
  passed: boolean;
}

type Targets = Awaited<ReturnType<typeof tcpTargets>>;

async function seed(ctx: AppContext, targets: Targets, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i += SEED_CONCURRENCY) {
    await Promise.all(Array.from({ length: Math.min(SEED_CONCURRENCY, to - i) }, (_, j) => ctx.monitors.create({
      kind: 'tcp', name: `capacity ${i + j}`, cron: '* * * * *', timeZone: 'UTC', host: '127.0.0.1', port: targets.ports[(i + j) % targets.ports.length], timeoutMs: 5000,
    })));
  }
}

/** Monitors whose runs at each fire time are not exactly one (from the runs sorted sets, by fire time). */
async function monitorsWithWrongRuns(ctx: AppContext, fires: number[]): Promise<number> {
  const ids = await ctx.redis.zrange(ctx.keys.monitorIds, 0, -1);
  let wrong = 0;
  for (let i = 0; i < ids.length; i += 5000) {
    const pipeline = ctx.redis.pipeline();
    for (const id of ids.slice(i, i + 5000)) for (const fire of fires) pipeline.zcount(ctx.keys.runs(id), fire, fire);
    const counts = ((await pipeline.exec()) ?? []).map(([, count]) => Number(count));
    for (let m = 0; m < counts.length; m += fires.length) if (counts.slice(m, m + fires.length).some((c) => c !== 1)) wrong += 1;
  }
  return wrong;
}

async function sleepUntil(at: number): Promise<void> {
  if (at > Date.now()) await sleep(at - Date.now());
}

async function runStep(system: WholeSystem, ctx: AppContext, targets: Targets, monitors: number, fireCount: number, seedSeconds: number): Promise<StepResult> {
  // The first fire time all N monitors are scheduled for (created a few seconds before it at least).
  const first = Math.ceil((Date.now() + 3000) / MINUTE) * MINUTE;
  const fires = Array.from({ length: fireCount }, (_, i) => first + i * MINUTE);
  const tapConnection = ctx.redis.duplicate() as Redis; // the bench's own redis-server: never a Cluster
  const tap = tapJobs(tapConnection, ctx.keys, (fire) => fires.includes(fire));
  await sleepUntil(first - 500);
  const before = treeCpu(system.pid, system.dir);
  const machineBefore = machineTicks();
  const windowStart = Date.now();
  await sleepUntil(first + fireCount * MINUTE - 500);
  const cpu = cpuBetween(before, treeCpu(system.pid, system.dir), (Date.now() - windowStart) / 1000);
  const busy = machineBusy(machineBefore, machineTicks());
  const load = loadAverage();
  await tap.stop();
  tapConnection.disconnect();

  const lag = tap.lagMs;
  const checkLags = fires.flatMap((fire) => targets.between(fire, fire + MINUTE).map((t) => t - fire));
  const connectionsOff = fires.reduce((sum, fire) => sum + Math.abs(targets.between(fire, fire + MINUTE).length - monitors), 0);
  // A missing dispatch shows as a missing run; the tap, which can fall behind the stream's trimming
  // while this process is busy accepting a burst of connections, only tells duplicates.
  const wrongDispatches = [...tap.dispatches.values()].filter((n) => n > 1).length;
  const wrongRuns = await monitorsWithWrongRuns(ctx, fires);
  const usedMemory = Number(/used_memory:(\d+)/.exec(await ctx.redis.info('memory'))?.[1]);
  const dispatchLag = { p50: percentile(lag, 50), p99: percentile(lag, 99), max: percentile(lag, 100) };
  const redis = cpu.processes.find((p) => p.role === 'Redis');
  return {
    monitors, seedSeconds, dispatchLag, checkLag: { p99: percentile(checkLags, 99), last: percentile(checkLags, 100) },
    wrongRuns, wrongDispatches, tapped: lag.length, connectionsOff, cpu, redisUsPerJob: redis ? (redis.cpu / (monitors * fireCount)) * 1e6 : NaN, machineBusy: busy, redisBytesPerMonitor: usedMemory / monitors, load,
    passed: dispatchLag.p99 < LAG_P99_LIMIT_MS && wrongRuns === 0 && wrongDispatches === 0 && connectionsOff === 0,
  };
}

/**
 * Steps N up (monitors are added, never removed), watching `fireCount` fire times at each; stops at
 * the first step that fails. `onSeeded` runs after each step's monitors exist (the browser timing).
 */
export async function stepMonitors(system: WholeSystem, ctx: AppContext, targets: Targets, steps: number[], fireCount: number,
  onSeeded: (monitors: number) => Promise<void>): Promise<StepResult[]> {
  const results: StepResult[] = [];
  let seeded = 0;
  for (const monitors of steps) {
    const started = performance.now();
    await seed(ctx, targets, seeded, monitors);
    const seedSeconds = (performance.now() - started) / 1000;
    seeded = monitors;
    await onSeeded(monitors);
    const result = await runStep(system, ctx, targets, monitors, fireCount, seedSeconds);
    results.push(result);
    console.log(`  ${monitors} monitors: ${result.passed ? 'no backlog' : 'BACKLOG'}; dispatch lag p99 ${result.dispatchLag.p99} ms, checks seen up to ${(result.checkLag.last / 1000).toFixed(1)} s after the fire time; ` +
      `wrong runs ${result.wrongRuns}, dispatches ${result.wrongDispatches}, connections ${result.connectionsOff}; seeded in ${seedSeconds.toFixed(0)} s; ${result.load}`);
    if (!result.passed) break;
  }
  return results;
}
