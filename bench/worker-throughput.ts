/** Throughput runs of bench/worker.ts: our pipeline and BullMQ on one Redis, their runs alternating. */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { loadConfig } from '../lib/config';
import { liveProcesses } from '../lib/heartbeat';
import { redisNow } from '../lib/redis';
import { createKeys, type KeyBuilder } from '../lib/store/keys';
import type { TestRedis } from '../test/support/redis-server';
import {
  armMonitors, costPerJob, cpuSeconds, redisCost, SECRET_KEY, seedMonitors, sleep, spawnScript, streamState, tcpTarget, waitUntil, type Proc,
} from './worker-parts';

export interface Ctx {
  server: TestRedis;
  redis: Redis;
}

const DEFAULTS = loadConfig({} as NodeJS.ProcessEnv);
/** Checks in flight per worker process with our shipped defaults (threads × checks per thread); BullMQ gets the same. */
export const CONCURRENCY = DEFAULTS.WORKER_MAX_THREADS * DEFAULTS.WORKER_CHECKS_PER_THREAD;

function ourEnv(ctx: Ctx, keys: KeyBuilder, extra: Record<string, string> = {}): Record<string, string> {
  return { REDIS_URL: ctx.server.url, IMALERT_KEY_PREFIX: keys.prefix, IMALERT_SECRET_KEY: SECRET_KEY, ...extra };
}

export async function startOurWorkers(ctx: Ctx, keys: KeyBuilder, names: string[], extra: Record<string, string> = {}): Promise<Proc[]> {
  const procs = names.map((name) => spawnScript('daemons/worker.ts', ourEnv(ctx, keys, { WORKER_CONSUMER_NAME: name, ...extra })));
  await waitUntil(async () => {
    const live = new Set((await liveProcesses(ctx.redis, keys, 'worker')).map((p) => p.name));
    return names.every((n) => live.has(n));
  }, 60_000, 'worker heartbeats');
  return procs;
}

export async function startBullWorkers(ctx: Ctx, count: number, env: Record<string, string>): Promise<Proc[]> {
  const procs = Array.from({ length: count }, () => spawnScript('bench/worker-bullmq.ts', { BENCH_REDIS_PORT: String(ctx.server.port), ...env }));
  await waitUntil(() => procs.every((p) => p.output().includes('"ready":true')), 60_000, 'BullMQ workers');
  return procs;
}

export interface ThroughputRun {
  rate: number;
  cpuPer1000: number;
  /** CPU µs per job of the controller (ours; 0 for BullMQ, whose jobs are added by the bench). */
  controllerUs: number;
  duplicates: number;
  /** Redis server CPU µs per job (user + sys), and its costliest commands. */
  redisUs: number;
  redisTop: string;
}

interface Contender {
  /** `r`: 'warm-up N' or 'run N', as printed. */
  run(r: string): Promise<ThroughputRun>;
  close(): Promise<void>;
}

/**
 * Connections beyond one per job (checks run twice). The target counts a connection when this process
 * accepts it, which trails the check's own connect (the kernel completes it) while this process is
 * busy: wait up to 10 s for the count to catch up with the jobs first.
 */
async function extraConnections(target: { connections(): number } | undefined, before: number, n: number): Promise<number> {
  if (!target) return 0;
  const deadline = Date.now() + 10_000;
  while (target.connections() - before < n && Date.now() < deadline) await sleep(50);
  return target.connections() - before - n;
}

/** Mutes a Remind Me monitor until 2100: its run and result are the same, but no reminder is sent. */
const MUTED = { mutedUntil: 4102444800000 };

/**
 * Our whole pipeline: N monitors made due at once, dispatched by the controller, run by two workers.
 * The no-op check is Remind Me: muted by default, since a reminder also enqueues a Slack alert per
 * run (alert delivery has a bench of its own; BullMQ's no-op sends nothing); `alerting` keeps it.
 */
async function ourPipeline(ctx: Ctx, kind: 'remind' | 'tcp', n: number, alerting = false): Promise<Contender & { skipped(): Promise<number> }> {
  const keys = createKeys(`bench-${kind}${alerting ? '-alerting' : ''}`);
  const target = kind === 'tcp' ? await tcpTarget() : undefined;
  const ids = await seedMonitors(ctx.redis, keys, n, () => (target ? { kind: 'tcp', host: '127.0.0.1', port: target.port, timeoutMs: 5000 } : { kind: 'remind', message: 'bench', ...(alerting ? {} : MUTED) }));
  const workers = await startOurWorkers(ctx, keys, ['bench-w1', 'bench-w2']);
  const controller = spawnScript('daemons/controller.ts', ourEnv(ctx, keys));
  await waitUntil(async () => (await liveProcesses(ctx.redis, keys, 'controller')).length > 0, 60_000, 'controller heartbeat');
  const label = kind === 'remind' ? (alerting ? 'remind, alerting' : 'remind, muted') : kind;
  return {
    async run(r) {
      const connections = target?.connections() ?? 0;
      const cpu = workers.reduce((sum, w) => sum + cpuSeconds(w.pid), 0);
      const controllerCpu = cpuSeconds(controller.pid);
      const before = await redisCost(ctx.redis);
      const at = (await redisNow(ctx.redis, keys)) + 1000;
      await armMonitors(ctx.redis, keys, ids, at);
      await waitUntil(async () => {
        const state = await streamState(ctx.redis, keys, at);
        return state.dispatched && state.settled;
      }, 600_000, `${n} ${kind} jobs`, 20);
      const seconds = ((await redisNow(ctx.redis, keys)) - at) / 1000;
      const used = workers.reduce((sum, w) => sum + cpuSeconds(w.pid), 0) - cpu;
      const controllerUs = ((cpuSeconds(controller.pid) - controllerCpu) / n) * 1e6;
      const cost = costPerJob(before, await redisCost(ctx.redis), n);
      console.log(`  imalert ${label} ${r}: ${(n / seconds).toFixed(0)} jobs/s; CPU µs/job: workers ${((used / n) * 1e6).toFixed(1)}, controller ${controllerUs.toFixed(1)}, Redis ${cost.cpuUs.toFixed(1)} (${cost.top})`);
      return { rate: n / seconds, cpuPer1000: (used / n) * 1000, controllerUs, duplicates: await extraConnections(target, connections, n), redisUs: cost.cpuUs, redisTop: cost.top };
    },
    async skipped() {
      await sleep(1500); // one more heartbeat carries the final counts
      return (await liveProcesses(ctx.redis, keys, 'worker')).reduce((sum, p) => sum + Number(p.skipped ?? 0), 0);
    },
    async close() {
      await Promise.all([controller.stop(), ...workers.map((w) => w.stop())]);
      await target?.close();
    },
  };
}

/** BullMQ: addBulk of the same N jobs, two worker processes with the same concurrency. */
async function bullPipeline(ctx: Ctx, kind: 'noop' | 'tcp', n: number): Promise<Contender> {
  const target = kind === 'tcp' ? await tcpTarget() : undefined;
  const name = `bench-${kind}`;
  const queue = new Queue(name, { connection: { host: '127.0.0.1', port: ctx.server.port }, prefix: 'bull' });
  const workers = await startBullWorkers(ctx, 2, { BENCH_QUEUE: name, BENCH_PROCESSOR: kind, BENCH_PORT: String(target?.port ?? 0), BENCH_CONCURRENCY: String(CONCURRENCY) });
  return {
    async run(r) {
      const connections = target?.connections() ?? 0;
      const cpu = workers.reduce((sum, w) => sum + cpuSeconds(w.pid), 0);
      const before = await redisCost(ctx.redis);
      const started = Date.now();
      for (let i = 0; i < n; i += 1000) {
        await queue.addBulk(Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({ name: 'check', data: { i: i + j }, opts: { removeOnComplete: true, removeOnFail: true } })));
      }
      await waitUntil(async () => {
        const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'paused');
        return Object.values(counts).every((c) => c === 0);
      }, 600_000, `${n} BullMQ jobs`, 20);
      const seconds = (Date.now() - started) / 1000;
      const used = workers.reduce((sum, w) => sum + cpuSeconds(w.pid), 0) - cpu;
      const cost = costPerJob(before, await redisCost(ctx.redis), n);
      console.log(`  BullMQ ${kind} ${r}: ${(n / seconds).toFixed(0)} jobs/s; CPU µs/job: workers ${((used / n) * 1e6).toFixed(1)}, Redis ${cost.cpuUs.toFixed(1)} (${cost.top})`);
      return { rate: n / seconds, cpuPer1000: (used / n) * 1000, controllerUs: 0, duplicates: await extraConnections(target, connections, n), redisUs: cost.cpuUs, redisTop: cost.top };
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await queue.close();
      await target?.close();
    },
  };
}

/**
 * Both pipelines set up side by side (each idle while the other runs), their runs alternating, so a
 * burst of load from elsewhere on the machine lands on both alike. Each first runs four times
 * unmeasured: threads started, code compiled, and (ours) the monitors' state and history created and
 * each worker's parsed monitors cached, as they are in a system that has been running for a few
 * minutes (a worker gets a random half of the monitors each round: after four rounds it has parsed
 * 94 % of them, after two only 75 %, which left a measured run parsing 6–12 % of its jobs' records).
 */
export async function compareThroughput(ctx: Ctx, ourKind: 'remind' | 'tcp', bullKind: 'noop' | 'tcp', n: number, runs: number, alerting = false): Promise<{ ours: { runs: ThroughputRun[]; skipped: number }; bull: ThroughputRun[] }> {
  const ours = await ourPipeline(ctx, ourKind, n, alerting);
  const bull = await bullPipeline(ctx, bullKind, n);
  const ourRuns: ThroughputRun[] = [];
  const bullRuns: ThroughputRun[] = [];
  try {
    for (const warmUp of ['warm-up 1', 'warm-up 2', 'warm-up 3', 'warm-up 4']) {
      await ours.run(warmUp);
      await bull.run(warmUp);
    }
    for (let r = 1; r <= runs; r += 1) {
      const our = await ours.run(`run ${r}`);
      const theirs = await bull.run(`run ${r}`);
      ourRuns.push(our);
      bullRuns.push(theirs);
      console.log(`  pair ${r}: ${(our.rate / theirs.rate).toFixed(2)}× BullMQ's jobs/s`);
    }
    return { ours: { runs: ourRuns, skipped: await ours.skipped() }, bull: bullRuns };
  } finally {
    await Promise.all([ours.close(), bull.close()]);
  }
}
