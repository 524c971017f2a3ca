/**
 * `npm run bench -- dispatch [monitors=100000] [lag|burst]` (issue 2 §5), median of 3 runs each:
 *  - due jobs dispatched per second: 100,000 monitors due at once over 1,000 (cron, zone) pairs,
 *    through the controller's own tick; then every job's fire time and every next score is checked;
 *  - schedule lag p50/p99 (stream entry time − fire time) of a controller process with 10,000
 *    monitors spread over 20 s (`S/20 * * * * *`, S = 0..19), three 20-s windows;
 *  - a burst: 50,000 monitors on one 10-s cron, how late the first and the last job go out (alone:
 *    `npm run bench -- dispatch 50000 burst`);
 *  - peak RSS of a controller process dispatching 100,000 monitors due at once;
 *  - baselines on the same redis-server: redis-benchmark's pipelined XADD (the ceiling) and BullMQ
 *    Queue.addBulk of the same number of jobs.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Controller } from '../lib/controller/controller';
import { readJobs, sleep, spawnController } from '../test/fixtures/dispatch';
import { createLogger } from '../lib/log';
import { redisNow } from '../lib/redis';
import { nextFireTime, parseCron } from '../lib/schedule';
import { createKeys } from '../lib/store/keys';
import { startRedis } from '../test/support/redis-server';
import { median, percentile, printTable } from './machine';
import { seedMonitors, thousandPatterns, type Pattern } from './dispatch/seed';

const quiet = createLogger({}, 'error');

async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  return Number(info.match(/used_cpu_user:([\d.]+)/)?.[1]) + Number(info.match(/used_cpu_sys:([\d.]+)/)?.[1]);
}

interface RateRun {
  rate: number;
  clientCpuMs: number;
  redisCpuMs: number;
  problems: number;
}

async function dispatchRate(redis: Redis, run: number, count: number): Promise<RateRun> {
  const keys = createKeys(`bench-rate-${run}`);
  const byId = await seedMonitors(redis, keys, count, thousandPatterns(), await redisNow(redis, keys), true);
  const controller = new Controller({ redis, keys, log: quiet, tickMs: 250, batchSize: 1000, heartbeatMs: 5000 });
  const before = await redisNow(redis, keys);
  const redisCpu = await redisCpuSeconds(redis);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await controller.tick();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const redisCpuMs = ((await redisCpuSeconds(redis)) - redisCpu) * 1000;
  const dispatched = controller.stats.totalDispatched;
  const problems = (dispatched === count ? 0 : 1) + (await checkFireTimes(redis, keys, byId, before));
  return { rate: dispatched / seconds, clientCpuMs: (used.user + used.system) / 1000, redisCpuMs, problems };
}

/**
 * Every job carries a fire time of its pattern, not after its entry time and with no later fire
 * before the tick began (the latest missed one); every score is the fire that follows.
 */
async function checkFireTimes(redis: Redis, keys: ReturnType<typeof createKeys>, byId: Map<string, Pattern>, tickStart: number): Promise<number> {
  let problems = 0;
  const jobs = await readJobs(redis, keys);
  const scores = await redis.zrange(keys.schedule, 0, -1, 'WITHSCORES');
  const nextOf = new Map<string, number>();
  for (let i = 0; i < scores.length; i += 2) nextOf.set(scores[i], Number(scores[i + 1]));
  const parsed = new Map<string, ReturnType<typeof parseCron>>();
  for (const job of jobs) {
    const pattern = byId.get(job.monitorId)!;
    let cron = parsed.get(pattern.cron);
    if (!cron) parsed.set(pattern.cron, (cron = parseCron(pattern.cron)));
    const onPattern = nextFireTime(cron, pattern.timeZone, job.fireTime - 1) === job.fireTime;
    const following = nextFireTime(cron, pattern.timeZone, job.fireTime);
    if (!onPattern || job.fireTime > job.entryMs || following <= tickStart) problems++;
    if (nextOf.get(job.monitorId) !== following) problems++;
  }
  return problems;
}

async function bullmqAddBulk(port: number, run: number, count: number): Promise<number> {
  const queue = new Queue(`bench-bull-${run}`, { connection: { host: '127.0.0.1', port } });
  const started = performance.now();
  for (let i = 0; i < count; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, count - i) }, (_, j) => ({ name: 'check', data: { monitorId: `b${i + j}`, fireTime: Date.now() } })));
  }
  const rate = count / ((performance.now() - started) / 1000);
  await queue.obliterate({ force: true });
  await queue.close();
  return rate;
}

function redisBenchmarkXadd(port: number): number {
  const out = execFileSync('redis-benchmark', ['-p', String(port), '-P', '16', '-n', '200000', '-q', 'XADD', 'bench:xadd', '*', 'monitorId', 'm0123456789', 'fireTime', '1700000000000'], { encoding: 'utf8' });
  const rate = Number(out.match(/([\d.]+) requests per second/)?.[1]);
  execFileSync('redis-cli', ['-p', String(port), 'DEL', 'bench:xadd']);
  return rate;
}

async function controllerLag(url: string, redis: Redis, count: number): Promise<Array<{ p50: number; p99: number; max: number; n: number }>> {
  const keys = createKeys('bench-lag');
  const patterns = Array.from({ length: 20 }, (_, s) => ({ cron: `${s}/20 * * * * *`, timeZone: s % 2 ? 'Asia/Kolkata' : 'UTC' }));
  await seedMonitors(redis, keys, count, patterns, await redisNow(redis, keys), false);
  const daemon = spawnController({ REDIS_URL: url, IMALERT_KEY_PREFIX: 'bench-lag', LOG_LEVEL: 'warn' });
  await sleep(3000); // started, first fires out
  const start = await redisNow(redis, keys);
  await sleep(61_000);
  await daemon.stop();
  const jobs = await readJobs(redis, keys);
  return [0, 1, 2].map((w) => {
    const from = start + w * 20_000;
    const lags = jobs.filter((j) => j.fireTime >= from && j.fireTime < from + 20_000).map((j) => j.entryMs - j.fireTime);
    return { p50: percentile(lags, 50), p99: percentile(lags, 99), max: Math.max(...lags), n: lags.length };
  });
}

/**
 * A burst: `count` monitors on one cron every 10 s, so each fire time dispatches all of them at once.
 * How late the first job and the last one go out after the fire time (stream entry time − fire
 * time), for the fire times after the first (whose preparation the controller has not timed yet).
 */
async function burstLag(url: string, redis: Redis, count: number): Promise<Array<{ first: number; last: number; n: number }>> {
  const keys = createKeys('bench-burst');
  await seedMonitors(redis, keys, count, [{ cron: '*/10 * * * * *', timeZone: 'UTC' }], await redisNow(redis, keys), false);
  const daemon = spawnController({ REDIS_URL: url, IMALERT_KEY_PREFIX: 'bench-burst', LOG_LEVEL: 'warn' });
  await sleep(41_000); // four fire times
  await daemon.stop();
  const byFire = new Map<number, number[]>();
  for (const job of await readJobs(redis, keys)) {
    const lags = byFire.get(job.fireTime) ?? [];
    lags.push(job.entryMs - job.fireTime);
    byFire.set(job.fireTime, lags);
  }
  return [...byFire.entries()].sort(([a], [b]) => a - b).slice(1)
    .map(([, lags]) => ({ first: lags.reduce((a, b) => Math.min(a, b)), last: lags.reduce((a, b) => Math.max(a, b)), n: lags.length }));
}

async function controllerRss(url: string, redis: Redis, run: number, count: number): Promise<number> {
  const prefix = `bench-rss-${run}`;
  const keys = createKeys(prefix);
  await seedMonitors(redis, keys, count, thousandPatterns(), await redisNow(redis, keys), true);
  const daemon = spawnController({ REDIS_URL: url, IMALERT_KEY_PREFIX: prefix, LOG_LEVEL: 'warn' });
  const deadline = Date.now() + 60_000;
  // Every monitor dispatched once.
  while ((await redis.hlen(keys.lastDispatched)) < count && Date.now() < deadline) await sleep(200);
  await sleep(1000);
  const status = readFileSync(`/proc/${daemon.pid}/status`, 'utf8');
  await daemon.stop();
  return Number(status.match(/VmHWM:\s+(\d+)/)?.[1]) / 1024;
}

/** `npm run bench -- dispatch 0 lag`: only the lag measurement (a minute), for tuning. */
async function lagOnly(): Promise<void> {
  const server = await startRedis();
  const redis = server.client();
  try {
    console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    for (const l of await controllerLag(server.url, redis, 10_000)) console.log(`lag p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms (${l.n} jobs)`);
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

/** `npm run bench -- dispatch 50000 burst`: only the burst measurement (under a minute). */
async function burstOnly(count: number): Promise<void> {
  const server = await startRedis();
  const redis = server.client();
  try {
    for (const b of await burstLag(server.url, redis, count)) console.log(`burst of ${b.n}: first job ${b.first} ms, last ${b.last} ms after the fire time`);
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

export default async function run(args: string[]): Promise<void> {
  const count = Number(args[0] ?? 100_000);
  if (args[1] === 'lag') return lagOnly();
  if (args[1] === 'burst') return burstOnly(count);
  const server = await startRedis();
  const redis = server.client();
  try {
    console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (2 cores; other work on the machine inflates wall-clock figures)`);
    console.log(`dispatch bench: ${count} monitors over 1,000 (cron, zone) pairs; redis-server on port ${server.port} (no persistence)`);
    const rates: number[] = [];
    const clientCpu: number[] = [];
    const redisCpu: number[] = [];
    const bull: number[] = [];
    const ceiling: number[] = [];
    const rss: number[] = [];
    let problems = 0;
    for (let i = 0; i < 3; i++) {
      const result = await dispatchRate(redis, i, count);
      rates.push(result.rate);
      clientCpu.push(result.clientCpuMs);
      redisCpu.push(result.redisCpuMs);
      problems += result.problems;
      await redis.flushall();
      bull.push(await bullmqAddBulk(server.port, i, count));
      ceiling.push(redisBenchmarkXadd(server.port));
      rss.push(await controllerRss(server.url, redis, i, count));
      await redis.flushall();
      console.log(`run ${i + 1}: ${Math.round(result.rate)} jobs/s (CPU: controller ${result.clientCpuMs.toFixed(0)} ms, Redis ${result.redisCpuMs.toFixed(0)} ms; BullMQ addBulk ${Math.round(bull[i])}/s, XADD ceiling ${Math.round(ceiling[i])}/s), RSS ${rss[i].toFixed(0)} MB`);
    }
    const lag = await controllerLag(server.url, redis, 10_000);
    const burst = await burstLag(server.url, redis, 50_000);
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    printTable('Dispatch (median of 3)', [
      { measure: `due jobs dispatched/s, ${fmt(count)} due at once, 1,000 (cron, zone) pairs`, imalert: fmt(median(rates)), baseline: `BullMQ addBulk ${fmt(median(bull))}/s; redis-benchmark XADD -P 16 ${fmt(median(ceiling))}/s (ceiling)`, target: '≥ 100,000' },
      { measure: `CPU per ${fmt(count)} jobs: controller / Redis (pipelined: the larger bounds the rate)`, imalert: `${fmt(median(clientCpu))} / ${fmt(median(redisCpu))} ms → ${fmt(count / (Math.max(median(clientCpu), median(redisCpu)) / 1000))} jobs/s`, baseline: '', target: '' },
      { measure: 'fire times and next scores checked (problems)', imalert: String(problems), baseline: '', target: '0' },
      { measure: 'schedule lag p50 / p99 / max, 10,000 monitors over 20 s', imalert: `${median(lag.map((l) => l.p50))} / ${median(lag.map((l) => l.p99))} / ${median(lag.map((l) => l.max))} ms (${lag.map((l) => l.n).join(', ')} jobs)`, baseline: '', target: 'p99 ≤ 25 ms' },
      { measure: 'burst: 50,000 monitors due at one fire time, first / last job out after it', imalert: `${median(burst.map((b) => b.first))} / ${median(burst.map((b) => b.last))} ms (${burst.length} fire times)`, baseline: '', target: '' },
      { measure: `controller peak RSS, ${fmt(count)} monitors`, imalert: `${median(rss).toFixed(0)} MB`, baseline: '', target: '≤ 300 MB' },
    ]);
  } finally {
    redis.disconnect();
    await server.stop();
  }
}
