/**
 * `npm run bench -- worker [--jobs=50000] [--tcp=20000] [--runs=5] [--only=throughput|phases] [--callgrind]` (issue 3 §5), on a
 * redis-server of its own, each figure beside a BullMQ baseline on the same Redis (median of the runs; the no-op
 * guard, ≥ 2.5× BullMQ, is the median of the ratios of the alternating pairs, each pair printed):
 *  - jobs/s end to end with two worker processes: controller dispatch, stream, pool, a no-op check
 *    (Remind Me, muted; and once more with its reminder sent), result script, ack — vs BullMQ addBulk +
 *    two workers with a no-op processor, after four warm-up runs of each; with
 *    Redis's CPU per job (its costliest commands are printed per run); our runs and BullMQ's alternate;
 *  - TCP reachability checks/s against a local port with two workers, CPU s per 1,000 checks, and
 *    duplicates (connections − jobs) — vs BullMQ workers that connect the same way;
 *  - time to redeliver after SIGKILL (p99 over 120 in-flight jobs, shipped defaults) — BullMQ once;
 *  - worker RSS with 1,000 checks in flight;
 *  - Redis's CPU per no-op job step by step (worker-phases.ts; alone with --only=phases);
 *  - with --callgrind, only the steps, on a redis-server inside valgrind: Redis's instructions per job
 *    step by step, a count that does not move with this machine's speed (redis-instructions.ts).
 */
import { Queue } from 'bullmq';
import { redisNow } from '../lib/redis';
import { createKeys } from '../lib/store/keys';
import { startRedis } from '../test/support/redis-server';
import { median, percentile, printTable } from './machine';
import { startCountedRedis } from './redis-instructions';
import { redisPhases } from './worker-phases';
import { addManualJobs, httpTarget, rssMb, seedMonitors, sleep, waitUntil } from './worker-parts';
import { CONCURRENCY, compareThroughput, startBullWorkers, startOurWorkers, type Ctx, type ThroughputRun } from './worker-throughput';

const IN_FLIGHT = 120;
/** Issue 16's guard: our no-op jobs/s at least this many times BullMQ's, measured side by side in one run. */
const WORKER_GUARD = 2.5;

/** SIGKILL a worker holding 120 running checks; time until each runs again on the survivor. */
async function ourRedelivery(ctx: Ctx, run: number): Promise<number[]> {
  const keys = createKeys(`bench-redeliver-${run}`);
  const http = await httpTarget(4000);
  const ids = await seedMonitors(ctx.redis, keys, IN_FLIGHT, (i) => ({ kind: 'http', url: `${http.url}/r${i}`, expectedText: '', timeoutMs: 20_000 }));
  const [victim] = await startOurWorkers(ctx, keys, ['victim']);
  await addManualJobs(ctx.redis, keys, ids, await redisNow(ctx.redis, keys));
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
  await addManualJobs(ctx.redis, keys, ids, await redisNow(ctx.redis, keys));
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

function printPhases(phases: Awaited<ReturnType<typeof redisPhases>>, runs: number, bullUs?: number): void {
  printTable(`Redis CPU per no-op job, step by step (each step alone over all jobs; median of ${runs} rounds after a warm-up)`, [
    ...phases.map((p) => ({ step: p.phase, 'µs per job': fmt(p.us, 1), 'costliest commands': p.top })),
    { step: 'all steps', 'µs per job': fmt(phases.reduce((sum, p) => sum + p.us, 0), 1), 'costliest commands': bullUs === undefined ? '' : `BullMQ, whole no-op job: ${fmt(bullUs, 1)} µs` },
  ]);
}

const arg = (args: string[], name: string, def: number) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? def);
const fmt = (v: number, digits = 0) => (Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a');

/** Each step's instructions per job, counted by callgrind (see redis-instructions.ts). */
async function printInstructions(jobs: number, runs: number): Promise<void> {
  const counted = await startCountedRedis();
  try {
    const phases = await redisPhases({ server: counted.server, redis: counted.server.client() }, jobs, runs, counted);
    printTable(`Redis instructions per no-op job, step by step (callgrind; ${fmt(jobs)} jobs, median of ${runs} rounds after a warm-up)`, [
      ...phases.map((p) => ({ step: p.phase, 'instructions per job': fmt(p.instructions), 'CPU µs per job (inside valgrind)': fmt(p.us, 0) })),
      { step: 'all steps', 'instructions per job': fmt(phases.reduce((sum, p) => sum + p.instructions, 0)), 'CPU µs per job (inside valgrind)': '' },
    ]);
  } finally {
    await counted.stop();
  }
}

export default async function run(args: string[]): Promise<void> {
  if (args.includes('--callgrind')) return printInstructions(arg(args, 'jobs', 5_000), arg(args, 'runs', 3));
  const jobs = arg(args, 'jobs', 50_000);
  const tcpJobs = arg(args, 'tcp', 20_000);
  const runs = arg(args, 'runs', 5);
  const server = await startRedis({ args: ['--maxmemory-policy', 'noeviction'] });
  const ctx: Ctx = { server, redis: server.client() };
  try {
    console.log(`worker bench: ${jobs} no-op jobs, ${tcpJobs} TCP checks, ${runs} runs each`);
    if (args.includes('--only=phases')) return printPhases(await redisPhases(ctx, jobs, runs), runs);
    // Ours and BullMQ's runs alternate, so a burst of load on this shared machine hits both alike.
    const { ours: pipeline, bull } = await compareThroughput(ctx, 'remind', 'noop', jobs, runs);
    const m = (xs: ThroughputRun[], f: (x: ThroughputRun) => number) => median(xs.map(f));
    // Each run of ours is paired with the BullMQ run right after it: the guard is the median of the pairs' ratios.
    const pairs = pipeline.runs.map((x, i) => x.rate / bull[i].rate);
    const ratio = median(pairs);
    const guard = `≥ ${WORKER_GUARD}×: ${ratio >= WORKER_GUARD ? 'met' : 'NOT met'} (median of pairs ${ratio.toFixed(2)}×; pairs ${pairs.map((p) => `${p.toFixed(2)}×`).join(', ')})`;
    const noopRows = [
      { measure: `jobs/s end to end, ${fmt(jobs)} no-op jobs (controller → stream → pool → result → ack; Remind Me, muted)`, imalert: fmt(m(pipeline.runs, (x) => x.rate)), baseline: `${fmt(m(bull, (x) => x.rate))} (BullMQ ${'5.81.5'}, addBulk + no-op)`, target: guard },
      { measure: 'CPU µs per no-op job: Redis (server user + sys)', imalert: fmt(m(pipeline.runs, (x) => x.redisUs), 1), baseline: fmt(m(bull, (x) => x.redisUs), 1), target: '—' },
      { measure: 'CPU µs per no-op job: the two workers', imalert: fmt(m(pipeline.runs, (x) => x.cpuPer1000 * 1000), 1), baseline: fmt(m(bull, (x) => x.cpuPer1000 * 1000), 1), target: '—' },
      { measure: 'CPU µs per no-op job: the controller (BullMQ: added by the bench)', imalert: fmt(m(pipeline.runs, (x) => x.controllerUs), 1), baseline: '—', target: '—' },
    ];
    if (args.includes('--only=throughput')) return printTable(`Worker, no-op throughput only (median of ${runs} runs after four warm-up runs)`, noopRows);
    // The same with the reminder sent: each job also enqueues a Slack alert (outbox, routing, digest).
    const { ours: alerting, bull: bullAlerting } = await compareThroughput(ctx, 'remind', 'noop', jobs, runs, true);
    const { ours: tcp, bull: bullTcp } = await compareThroughput(ctx, 'tcp', 'tcp', tcpJobs, runs);
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

    printTable(`Worker (median of ${runs} runs after four warm-up runs; two worker processes, ${CONCURRENCY} checks at once each)`, [
      ...noopRows,
      { measure: `jobs/s, the same with each reminder sent (an alert per job: outbox, routing, digests)`, imalert: fmt(m(alerting.runs, (x) => x.rate)), baseline: `${fmt(m(bullAlerting, (x) => x.rate))} (BullMQ, no-op)`, target: '—' },
      { measure: 'skipped jobs (ours, all runs)', imalert: fmt(pipeline.skipped + alerting.skipped + tcp.skipped), baseline: '—', target: '0' },
      { measure: `TCP checks/s, ${fmt(tcpJobs)} checks against a local port`, imalert: fmt(m(tcp.runs, (x) => x.rate)), baseline: `${fmt(m(bullTcp, (x) => x.rate))} (BullMQ, connect + close)`, target: '—' },
      { measure: 'worker CPU s per 1,000 TCP checks', imalert: fmt(m(tcp.runs, (x) => x.cpuPer1000), 2), baseline: fmt(m(bullTcp, (x) => x.cpuPer1000), 2), target: '—' },
      { measure: 'checks run twice without kills (TCP connections − jobs)', imalert: fmt(tcp.runs.reduce((s, x) => s + x.duplicates, 0)), baseline: fmt(bullTcp.reduce((s, x) => s + x.duplicates, 0)), target: '0' },
      { measure: `redeliver after SIGKILL, p99 over ${IN_FLIGHT} in-flight jobs (s)`, imalert: `${fmt(median(redeliveries), 2)} (max ${fmt(Math.max(...maxima), 2)})`, baseline: `${fmt(percentile(bullTimes, 99), 2)} (BullMQ defaults, 1 run)`, target: '≤ 5' },
      { measure: 'worker RSS, 1,000 checks in flight, 2 threads × 500 (MB)', imalert: fmt(rss), baseline: `${fmt(rssBull)} (BullMQ, concurrency 1,000)`, target: '≤ 250' },
      { measure: 'worker RSS, 1,000 checks in flight, 1 thread × 1,000 (MB)', imalert: fmt(rssOneThread), baseline: '—', target: '≤ 250' },
    ]);
    printPhases(await redisPhases(ctx, jobs, runs), runs, m(bull, (x) => x.redisUs));
  } finally {
    await server.stop();
  }
}
