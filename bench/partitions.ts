/**
 * `npm run bench -- partitions [--jobs=20000] [--rounds=3]`: a measured prototype of docs/scaling.md's
 * partitions. Each partition is its own hash tag (key prefix) on its own redis-server, standing in for a
 * shard of a Redis Cluster, with its own schedule and jobs stream, a controller and two workers of the
 * shipped daemons, unchanged. Rounds alternate: partition 1 alone, then both at once (each with
 * --jobs no-op jobs due at one instant). Printed: jobs/s of each partition and in all, each Redis's CPU
 * per job, and a model from the per-job CPU figures that says what K partitions carry with enough cores.
 */
import { cpus } from 'node:os';
import type { Redis } from 'ioredis';
import { liveProcesses } from '../lib/heartbeat';
import { createKeys, type KeyBuilder } from '../lib/store/keys';
import { startRedis, type TestRedis } from '../test/support/redis-server';
import { loadAverage } from './capacity-cpu';
import { median, printTable } from './machine';
import { armMonitors, cpuSeconds, redisCost, SECRET_KEY, seedMonitors, spawnScript, streamState, waitUntil, type Proc } from './worker-parts';

const MUTED = { mutedUntil: 4102444800000 }; // a muted Remind Me: the whole job runs, no Slack message
const REDIS_CORE_SHARE = 0.8;

interface Partition {
  name: string;
  server: TestRedis;
  redis: Redis;
  keys: KeyBuilder;
  ids: string[];
  controller: Proc;
  workers: Proc[];
}

interface PartitionRun {
  name: string;
  jobs: number;
  seconds: number;
  redisUs: number;
  workersUs: number;
  controllerUs: number;
}

function option(args: string[], name: string, fallback: string): string {
  return args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

async function startPartition(index: number, jobs: number): Promise<Partition> {
  const server = await startRedis();
  const redis = server.client();
  const keys = createKeys(`partition-${index}`);
  const ids = await seedMonitors(redis, keys, jobs, () => ({ kind: 'remind', message: 'bench', ...MUTED }));
  const env = { REDIS_URL: server.url, IMALERT_KEY_PREFIX: keys.prefix, IMALERT_SECRET_KEY: SECRET_KEY };
  const names = [`p${index}-w1`, `p${index}-w2`];
  const workers = names.map((name) => spawnScript('daemons/worker.ts', { ...env, WORKER_CONSUMER_NAME: name }));
  const controller = spawnScript('daemons/controller.ts', env);
  await waitUntil(async () => (await liveProcesses(redis, keys, 'worker')).length === names.length && (await liveProcesses(redis, keys, 'controller')).length === 1, 120_000, `partition ${index}'s daemons`, 200);
  return { name: `partition ${index}`, server, redis, keys, ids, controller, workers };
}

const workersCpu = (p: Partition) => p.workers.reduce((sum, w) => sum + cpuSeconds(w.pid), 0);

/** Every monitor of each partition due at one instant; each partition timed until its stream is settled. */
async function round(parts: Partition[]): Promise<PartitionRun[]> {
  const before = await Promise.all(parts.map(async (p) => ({ redis: await redisCost(p.redis), workers: workersCpu(p), controller: cpuSeconds(p.controller.pid) })));
  const at = Date.now() + 1000;
  await Promise.all(parts.map((p) => armMonitors(p.redis, p.keys, p.ids, at)));
  return Promise.all(parts.map(async (p, i) => {
    await waitUntil(async () => {
      const state = await streamState(p.redis, p.keys, at);
      return state.dispatched && state.settled;
    }, 600_000, `${p.name}'s jobs`, 20);
    const seconds = (Date.now() - at) / 1000;
    const jobs = p.ids.length;
    const redis = await redisCost(p.redis);
    return {
      name: p.name, jobs, seconds,
      redisUs: (redis.cpuUs - before[i].redis.cpuUs) / jobs,
      workersUs: ((workersCpu(p) - before[i].workers) / jobs) * 1e6,
      controllerUs: ((cpuSeconds(p.controller.pid) - before[i].controller) / jobs) * 1e6,
    };
  }));
}

/**
 * Jobs/s K partitions carry: each Redis at most REDIS_CORE_SHARE of its core, and the daemons (plus
 * the Redises) within the cores there are. One core more per Redis is what a shard on its own host has.
 */
function modelRate(partitions: number, cores: number, redisUs: number, daemonsUs: number): number {
  const redisBound = partitions * (REDIS_CORE_SHARE * 1e6) / redisUs;
  const coresBound = (cores * 1e6) / (redisUs + daemonsUs);
  return Math.min(redisBound, coresBound);
}

export default async function partitions(args: string[]): Promise<void> {
  const jobs = Number(option(args, 'jobs', '20000'));
  const rounds = Number(option(args, 'rounds', '3'));
  console.log(`\npartitions: 2 partitions (own hash tag, own redis-server, a controller and 2 workers each), ${jobs} no-op jobs each; ${loadAverage()}`);
  const parts: Partition[] = [];
  try {
    for (const index of [1, 2]) parts.push(await startPartition(index, jobs));
    for (const warmUp of [1, 2]) {
      await round(parts.slice(0, 1));
      await round(parts);
      console.log(`  warm-up ${warmUp} done`);
    }
    const alone: PartitionRun[] = [];
    const together: PartitionRun[][] = [];
    for (let r = 1; r <= rounds; r++) {
      const [one] = await round(parts.slice(0, 1));
      alone.push(one);
      const both = await round(parts);
      together.push(both);
      const sum = both.reduce((s, p) => s + p.jobs / p.seconds, 0);
      console.log(`  round ${r}: alone ${(one.jobs / one.seconds).toFixed(0)} jobs/s (Redis ${one.redisUs.toFixed(1)} µs a job); both ${both.map((p) => `${(p.jobs / p.seconds).toFixed(0)} (Redis ${p.redisUs.toFixed(1)} µs)`).join(' + ')} = ${sum.toFixed(0)} jobs/s; ${loadAverage()}`);
    }
    const rate = (runs: PartitionRun[]) => median(runs.map((p) => p.jobs / p.seconds));
    const med = (runs: PartitionRun[], field: 'redisUs' | 'workersUs' | 'controllerUs') => median(runs.map((p) => p[field]));
    const first = together.map((b) => b[0]);
    const second = together.map((b) => b[1]);
    const sums = together.map((b) => b.reduce((s, p) => s + p.jobs / p.seconds, 0));
    const row = (what: string, runs: PartitionRun[], jobsPerSecond: number) => ({
      run: what, 'jobs/s (median)': jobsPerSecond.toFixed(0), 'Redis µs a job': med(runs, 'redisUs').toFixed(1), 'workers µs a job': med(runs, 'workersUs').toFixed(1), 'controller µs a job': med(runs, 'controllerUs').toFixed(1),
    });
    printTable(`Two partitions, ${jobs} no-op jobs each, medians of ${rounds} rounds`, [
      row('partition 1 alone', alone, rate(alone)),
      row('both at once: partition 1', first, rate(first)),
      row('both at once: partition 2', second, rate(second)),
      { run: 'both at once: sum', 'jobs/s (median)': median(sums).toFixed(0), 'Redis µs a job': '', 'workers µs a job': '', 'controller µs a job': '' },
    ]);
    const redisUs = med(alone, 'redisUs');
    const daemonsUs = med(alone, 'workersUs') + med(alone, 'controllerUs');
    const cores = cpus().length;
    console.log(`\nModel from partition 1 alone (Redis ${redisUs.toFixed(1)} µs, daemons ${daemonsUs.toFixed(1)} µs a job; a Redis counted at ${REDIS_CORE_SHARE} of a core):`);
    console.log(`- this box (${cores} cores): 1 partition ${modelRate(1, cores, redisUs, daemonsUs).toFixed(0)} jobs/s, 2 partitions ${modelRate(2, cores, redisUs, daemonsUs).toFixed(0)} (measured: ${rate(alone).toFixed(0)} and ${median(sums).toFixed(0)}).`);
    for (const k of [1, 2, 4, 8]) {
      const perPartitionCores = Math.ceil((REDIS_CORE_SHARE * 1e6 / redisUs) * (redisUs + daemonsUs) / 1e6);
      const rateK = modelRate(k, k * perPartitionCores, redisUs, daemonsUs);
      console.log(`- ${k} partition${k > 1 ? 's' : ''}, each with its own Redis host and ${perPartitionCores} cores of daemons+Redis: ${rateK.toFixed(0)} jobs/s = ${(rateK * 60).toFixed(0)} monitors on a 1-minute cron (${(rateK / modelRate(1, perPartitionCores, redisUs, daemonsUs)).toFixed(2)}× one).`);
    }
  } finally {
    for (const p of parts) {
      await Promise.all([p.controller.stop(), ...p.workers.map((w) => w.stop())]);
      p.redis.disconnect();
      await p.server.stop();
    }
  }
}
