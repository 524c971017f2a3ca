/**
 * `npm run bench -- worker [--jobs=50000] [--tcp=20000] [--runs=3] [--only=throughput]` (issue 3 §5), on a
 * redis-server of its own, each figure beside a BullMQ baseline on the same Redis (median of the runs):
 *  - jobs/s end to end with two worker processes: controller dispatch, stream, pool, a no-op check
 *    (Remind Me), result script, ack — vs BullMQ addBulk + two workers with a no-op processor; with
 *    Redis's CPU per job (its costliest commands are printed per run);
 *  - TCP reachability checks/s against a local port with two workers, CPU s per 1,000 checks, and
 *    duplicates (connections − jobs) — vs BullMQ workers that connect the same way;
 *  - time to redeliver after SIGKILL (p99 over 120 in-flight jobs, shipped defaults) — BullMQ once;
 *  - worker RSS with 1,000 checks in flight.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { liveProcesses } from '../lib/heartbeat';
import { redisNow } from '../lib/redis';
import { createKeys, type KeyBuilder } from '../lib/store/keys';
import { startRedis, type TestRedis } from '../test/support/redis-server';
import { median, percentile, printTable } from './machine';
import {
  addManualJobs, armMonitors, costPerJob, cpuSeconds, httpTarget, redisCost, rssMb, SECRET_KEY, seedMonitors, sleep, spawnScript, streamState, tcpTarget, waitUntil, type Proc,
} from './worker-parts';

interface Ctx {
  server: TestRedis;
  redis: Redis;
}

const CONCURRENCY = 2 * 64; // our shipped defaults: 2 threads × 64 checks per thread, per worker process

function ourEnv(ctx: Ctx, keys: KeyBuilder, extra: Record<string, string> = {}): Record<string, string> {
  return { REDIS_URL: ctx.server.url, IMALERT_KEY_PREFIX: keys.prefix, IMALERT_SECRET_KEY: SECRET_KEY, ...extra };
}

async function startOurWorkers(ctx: Ctx, keys: KeyBuilder, names: string[], extra: Record<string, string> = {}): Promise<Proc[]> {
  const procs = names.map((name) => spawnScript('daemons/worker.ts', ourEnv(ctx, keys, { WORKER_CONSUMER_NAME: name, ...extra })));
  await waitUntil(async () => {
    const live = new Set((await liveProcesses(ctx.redis, keys, 'worker')).map((p) => p.name));
    return names.every((n) => live.has(n));
  }, 60_000, 'worker heartbeats');
  return procs;
}

async function startBullWorkers(ctx: Ctx, count: number, env: Record<string, string>): Promise<Proc[]> {
  const procs = Array.from({ length: count }, () => spawnScript('bench/worker-bullmq.ts', { BENCH_REDIS_PORT: String(ctx.server.port), ...env }));
  await waitUntil(() => procs.every((p) => p.output().includes('"ready":true')), 60_000, 'BullMQ workers');
  return procs;
}

interface ThroughputRun {
  rate: number;
  cpuPer1000: number;
  duplicates: number;
  /** Redis server CPU µs per job (user + sys), and its costliest commands. */
  redisUs: number;
  redisTop: string;
}

/** Our whole pipeline: N monitors made due at once, dispatched by the controller, run by two workers. */
async function ourThroughput(ctx: Ctx, kind: 'remind' | 'tcp', n: number, runs: number): Promise<{ runs: ThroughputRun[]; skipped: number }> {
  const keys = createKeys(`bench-${kind}`);
  const target = kind === 'tcp' ? await tcpTarget() : undefined;
  const ids = await seedMonitors(ctx.redis, keys, n, () => (target ? { kind: 'tcp', host: '127.0.0.1', port: target.port, timeoutMs: 5000 } : { kind: 'remind', message: 'bench' }));
  const workers = await startOurWorkers(ctx, keys, ['bench-w1', 'bench-w2']);
  const controller = spawnScript('daemons/controller.ts', ourEnv(ctx, keys));
  await waitUntil(async () => (await liveProcesses(ctx.redis, keys, 'controller')).length > 0, 60_000, 'controller heartbeat');
  const out: ThroughputRun[] = [];
  for (let r = 0; r < runs; r += 1) {
    const { added } = await streamState(ctx.redis, keys);
    const connections = target?.connections() ?? 0;
    const cpu = workers.reduce((sum, w) => sum + cpuSeconds(w.pid), 0);
    const before = await redisCost(ctx.redis);
    const at = (await redisNow(ctx.redis)) + 1000;
    await armMonitors(ctx.redis, keys, ids, at);
    await waitUntil(async () => {
      const state = await streamState(ctx.redis, keys);
      return state.added - added >= n && state.settled;
    }, 600_000, `${n} ${kind} jobs`, 20);
    const seconds = ((await redisNow(ctx.redis)) - at) / 1000;
    const used = workers.reduce((sum, w) => sum + cpuSeconds(w.pid), 0) - cpu;
    const cost = costPerJob(before, await redisCost(ctx.redis), n);
    out.push({ rate: n / seconds, cpuPer1000: (used / n) * 1000, duplicates: target ? target.connections() - connections - n : 0, redisUs: cost.cpuUs, redisTop: cost.top });
    console.log(`  imalert ${kind} run ${r + 1}: ${(n / seconds).toFixed(0)} jobs/s, ${((used / n) * 1000).toFixed(2)} CPU s/1,000, Redis ${cost.cpuUs.toFixed(1)} µs/job (${cost.top})`);
  }
  await sleep(1500); // one more heartbeat carries the final counts
  const skipped = (await liveProcesses(ctx.redis, keys, 'worker')).reduce((sum, p) => sum + Number(p.skipped ?? 0), 0);
  await Promise.all([controller.stop(), ...workers.map((w) => w.stop())]);
  await target?.close();
  return { runs: out, skipped };
}

/** BullMQ: addBulk of the same N jobs, two worker processes with the same concurrency. */
async function bullThroughput(ctx: Ctx, kind: 'noop' | 'tcp', n: number, runs: number): Promise<ThroughputRun[]> {
  const target = kind === 'tcp' ? await tcpTarget() : undefined;
  const name = `bench-${kind}`;
  const queue = new Queue(name, { connection: { host: '127.0.0.1', port: ctx.server.port }, prefix: 'bull' });
  const workers = await startBullWorkers(ctx, 2, { BENCH_QUEUE: name, BENCH_PROCESSOR: kind, BENCH_PORT: String(target?.port ?? 0), BENCH_CONCURRENCY: String(CONCURRENCY) });
  const out: ThroughputRun[] = [];
  for (let r = 0; r < runs; r += 1) {
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
    out.push({ rate: n / seconds, cpuPer1000: (used / n) * 1000, duplicates: target ? target.connections() - connections - n : 0, redisUs: cost.cpuUs, redisTop: cost.top });
    console.log(`  BullMQ ${kind} run ${r + 1}: ${(n / seconds).toFixed(0)} jobs/s, Redis ${cost.cpuUs.toFixed(1)} µs/job (${cost.top})`);
  }
  await Promise.all(workers.map((w) => w.stop()));
  await queue.close();
  await target?.close();
  return out;
}

const IN_FLIGHT = 120;

/** SIGKILL a worker holding 120 running checks; time until each runs again on the survivor. */
async function ourRedelivery(ctx: Ctx, run: number): Promise<number[]> {
  const keys = createKeys(`bench-redeliver-${run}`);
  const http = await httpTarget(4000);
  const ids = await seedMonitors(ctx.redis, keys, IN_FLIGHT, (i) => ({ kind: 'http', url: `${http.url}/r${i}`, expectedText: '', timeoutMs: 20_000 }));
  const [victim] = await startOurWorkers(ctx, keys, ['victim']);
  await addManualJobs(ctx.redis, keys, ids, await redisNow(ctx.redis));
  await waitUntil(() => http.seen.size === IN_FLIGHT, 60_000, 'all checks in flight');
  const [survivor] = await startOurWorkers(ctx, keys, ['survivor']);
  await sleep(500);
  const killedAt = Date.now();
  await victim.kill();
  await waitUntil(() => [...http.seen.values()].every((t) => t.length >= 2), 120_000, 'every job redelivered');
  const times = [...http.seen.values()].map((t) => (t[1] - killedAt) / 1000);
  await survivor.stop();
  await http.close();
  return times;
}

async function bullRedelivery(ctx: Ctx): Promise<number[]> {
  const http = await httpTarget(4000);
  const name = 'bench-redeliver';
  const queue = new Queue(name, { connection: { host: '127.0.0.1', port: ctx.server.port }, prefix: 'bull' });
  const env = { BENCH_QUEUE: name, BENCH_PROCESSOR: 'http', BENCH_URL: http.url, BENCH_CONCURRENCY: String(CONCURRENCY) };
  const [victim] = await startBullWorkers(ctx, 1, env);
  await queue.addBulk(Array.from({ length: IN_FLIGHT }, (_, i) => ({ name: 'check', data: { path: `/r${i}` } })));
  await waitUntil(() => http.seen.size === IN_FLIGHT, 60_000, 'all BullMQ jobs in flight');
  const [survivor] = await startBullWorkers(ctx, 1, env);
  const killedAt = Date.now();
  await victim.kill();
  await waitUntil(() => [...http.seen.values()].every((t) => t.length >= 2), 180_000, 'every BullMQ job redelivered', 200);
  const times = [...http.seen.values()].map((t) => (t[1] - killedAt) / 1000);
  await survivor.stop();
  await queue.close();
  await http.close();
  return times;
}

/** RSS of one worker process with 1,000 checks waiting on a target that never answers. */
async function ourRss(ctx: Ctx, threads: number): Promise<number> {
  const keys = createKeys(`bench-rss-${threads}`);
  const http = await httpTarget(-1);
  const ids = await seedMonitors(ctx.redis, keys, 1000, (i) => ({ kind: 'http', url: `${http.url}/m${i}`, expectedText: '', timeoutMs: 30_000 }));
  const settings = { WORKER_CORE_THREADS: String(threads), WORKER_MAX_THREADS: String(threads), WORKER_CHECKS_PER_THREAD: String(1000 / threads) };
  const [worker] = await startOurWorkers(ctx, keys, ['rss'], settings);
  await addManualJobs(ctx.redis, keys, ids, await redisNow(ctx.redis));
  await waitUntil(() => http.active() >= 1000, 60_000, '1,000 checks in flight');
  await sleep(1000);
  const rss = rssMb(worker.pid);
  await worker.kill();
  await http.close();
  return rss;
}

async function bullRss(ctx: Ctx): Promise<number> {
  const http = await httpTarget(-1);
  const name = 'bench-rss';
  const queue = new Queue(name, { connection: { host: '127.0.0.1', port: ctx.server.port }, prefix: 'bull' });
  const [worker] = await startBullWorkers(ctx, 1, { BENCH_QUEUE: name, BENCH_PROCESSOR: 'http', BENCH_URL: http.url, BENCH_CONCURRENCY: '1000' });
  await queue.addBulk(Array.from({ length: 1000 }, (_, i) => ({ name: 'check', data: { path: `/m${i}` } })));
  await waitUntil(() => http.active() >= 1000, 60_000, '1,000 BullMQ jobs in flight');
  await sleep(1000);
  const rss = rssMb(worker.pid);
  await worker.kill();
  await queue.close();
  await http.close();
  return rss;
}

const arg = (args: string[], name: string, def: number) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? def);
const fmt = (v: number, digits = 0) => (Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a');

export default async function run(args: string[]): Promise<void> {
  const jobs = arg(args, 'jobs', 50_000);
  const tcpJobs = arg(args, 'tcp', 20_000);
  const runs = arg(args, 'runs', 3);
  const server = await startRedis({ args: ['--maxmemory-policy', 'noeviction'] });
  const ctx: Ctx = { server, redis: server.client() };
  try {
    console.log(`worker bench: ${jobs} no-op jobs, ${tcpJobs} TCP checks, ${runs} runs each`);
    const pipeline = await ourThroughput(ctx, 'remind', jobs, runs);
    const bull = await bullThroughput(ctx, 'noop', jobs, runs);
    const m = (xs: ThroughputRun[], f: (x: ThroughputRun) => number) => median(xs.map(f));
    const ratio = m(pipeline.runs, (x) => x.rate) / m(bull, (x) => x.rate);
    const noopRows = [
      { measure: `jobs/s end to end, ${fmt(jobs)} no-op jobs (controller → stream → pool → result → ack)`, imalert: fmt(m(pipeline.runs, (x) => x.rate)), baseline: `${fmt(m(bull, (x) => x.rate))} (BullMQ ${'5.81.5'}, addBulk + no-op)`, target: `≥ 3× (is ${ratio.toFixed(1)}×)` },
      { measure: 'Redis CPU µs per no-op job (server user + sys)', imalert: fmt(m(pipeline.runs, (x) => x.redisUs), 1), baseline: fmt(m(bull, (x) => x.redisUs), 1), target: '—' },
    ];
    if (args.includes('--only=throughput')) return printTable(`Worker, no-op throughput only (median of ${runs} runs)`, noopRows);
    const tcp = await ourThroughput(ctx, 'tcp', tcpJobs, runs);
    const bullTcp = await bullThroughput(ctx, 'tcp', tcpJobs, runs);
    const redeliveries: number[] = [];
    const maxima: number[] = [];
    for (let r = 0; r < runs; r += 1) {
      const times = await ourRedelivery(ctx, r);
      redeliveries.push(percentile(times, 99));
      maxima.push(Math.max(...times));
      console.log(`  imalert redelivery run ${r + 1}: p99 ${percentile(times, 99).toFixed(2)} s`);
    }
    const bullTimes = await bullRedelivery(ctx);
    const rss = await ourRss(ctx, 2);
    const rssOneThread = await ourRss(ctx, 1);
    const rssBull = await bullRss(ctx);

    printTable(`Worker (median of ${runs} runs; two worker processes, ${CONCURRENCY} checks at once each)`, [
      ...noopRows,
      { measure: 'skipped jobs (ours, all runs)', imalert: fmt(pipeline.skipped + tcp.skipped), baseline: '—', target: '0' },
      { measure: `TCP checks/s, ${fmt(tcpJobs)} checks against a local port`, imalert: fmt(m(tcp.runs, (x) => x.rate)), baseline: `${fmt(m(bullTcp, (x) => x.rate))} (BullMQ, connect + close)`, target: '—' },
      { measure: 'worker CPU s per 1,000 TCP checks', imalert: fmt(m(tcp.runs, (x) => x.cpuPer1000), 2), baseline: fmt(m(bullTcp, (x) => x.cpuPer1000), 2), target: '—' },
      { measure: 'checks run twice without kills (TCP connections − jobs)', imalert: fmt(tcp.runs.reduce((s, x) => s + x.duplicates, 0)), baseline: fmt(bullTcp.reduce((s, x) => s + x.duplicates, 0)), target: '0' },
      { measure: `redeliver after SIGKILL, p99 over ${IN_FLIGHT} in-flight jobs (s)`, imalert: `${fmt(median(redeliveries), 2)} (max ${fmt(Math.max(...maxima), 2)})`, baseline: `${fmt(percentile(bullTimes, 99), 2)} (BullMQ defaults, 1 run)`, target: '≤ 5' },
      { measure: 'worker RSS, 1,000 checks in flight, 2 threads × 500 (MB)', imalert: fmt(rss), baseline: `${fmt(rssBull)} (BullMQ, concurrency 1,000)`, target: '≤ 250' },
      { measure: 'worker RSS, 1,000 checks in flight, 1 thread × 1,000 (MB)', imalert: fmt(rssOneThread), baseline: '—', target: '≤ 250' },
    ]);
  } finally {
    await server.stop();
  }
}
