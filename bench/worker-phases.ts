/**
 * Redis's cost of each step of a no-op job, measured alone (`npm run bench -- worker --only=phases`,
 * and after the table of a full run): the same functions the daemons call, on 50,000 muted Remind Me
 * monitors, one step at a time for all of them, Redis CPU (user + sys) per job. Where the pipeline's
 * Redis time goes, so the next optimisation is picked by numbers.
 */
import { loadConfig } from '../lib/config';
import { parseStoredMonitor } from '../lib/monitors';
import { readNewJobs } from '../lib/queue/consume';
import { prepareJobs } from '../lib/queue/prepare';
import { Dispatcher } from '../lib/queue/dispatch';
import type { HeldJob } from '../lib/queue/job';
import { ensureJobsGroup } from '../lib/queue/group';
import { redisNow } from '../lib/redis';
import { applyResults } from '../lib/results';
import { createKeys } from '../lib/store/keys';
import { median } from './machine';
import type { CountedRedis } from './redis-instructions';
import { armMonitors, costPerJob, redisCost, SECRET_KEY, seedMonitors } from './worker-parts';
import type { Ctx } from './worker-throughput';

const PHASES = ['dispatch (controller script)', 'read the stream (XREADGROUP)', 'take locks, read records', 'result script (with acks and unlocks)'] as const;

/** With `counted` (a redis-server inside callgrind), each step's instructions per job as well. */
export async function redisPhases(ctx: Ctx, n: number, rounds: number, counted?: CountedRedis): Promise<Array<{ phase: string; us: number; top: string; instructions: number }>> {
  const { redis } = ctx;
  const keys = createKeys('bench-phases');
  const config = loadConfig({ ...process.env, REDIS_URL: ctx.server.url, IMALERT_SECRET_KEY: SECRET_KEY });
  const ids = await seedMonitors(redis, keys, n, () => ({ kind: 'remind', message: 'bench', mutedUntil: 4102444800000 }));
  await ensureJobsGroup(redis, keys);
  const measured = PHASES.map(() => [] as Array<{ us: number; top: string; instructions: number }>);
  // As a worker keeps them: the records read, by monitor, with their write numbers (read again when those change).
  const copies = new Map<string, { version: string; json: string }>();
  const phase = async (i: number, step: () => Promise<void>) => {
    const before = await redisCost(redis);
    let instructions = NaN;
    if (counted) instructions = await counted.count(step);
    else await step();
    const cost = costPerJob(before, await redisCost(redis), n);
    measured[i].push({ us: cost.cpuUs, top: cost.top, instructions: instructions / n });
  };
  // As a controller keeps it: the parsed records (read again when their write numbers change) and fire times.
  const dispatcher = new Dispatcher(redis, keys);
  // Round 0 creates every monitor's state and history: a warm-up, as in the throughput runs.
  for (let round = 0; round <= rounds; round += 1) {
    const at = await redisNow(redis, keys);
    await armMonitors(redis, keys, ids, at);
    await phase(0, async () => {
      while ((await dispatcher.dispatchDue(at, 500, 4)).dispatched > 0);
    });
    const jobs: HeldJob[] = [];
    await phase(1, async () => {
      for (let got = 1; got > 0;) {
        const read = await readNewJobs(redis, keys, 'phases', 128, 1);
        jobs.push(...read.jobs);
        got = read.jobs.length;
      }
    });
    const records: string[] = [];
    await phase(2, async () => {
      for (let i = 0; i < jobs.length; i += 128) {
        const batch = jobs.slice(i, i + 128);
        (await prepareJobs(redis, keys, 'phases', batch, 60_000, (id) => copies.get(id))).forEach((ready, k) => {
          if (ready.state === 'run' && 'json' in ready) copies.set(batch[k].monitorId, { version: ready.version, json: ready.json });
          records.push(ready.state !== 'run' ? '' : 'json' in ready ? ready.json : ready.known.json);
        });
      }
    });
    await phase(3, async () => {
      for (let i = 0; i < jobs.length; i += 64) {
        await applyResults({ redis, keys, config }, jobs.slice(i, i + 64).map((job, k) => ({
          monitor: parseStoredMonitor(job.monitorId, records[i + k]), job, result: { ok: true, durationMs: 0, message: 'bench', details: {} },
          workerName: 'phases', ack: { entryId: job.id, locked: true },
        })));
      }
    });
  }
  return PHASES.map((name, i) => {
    const runs = measured[i].slice(1);
    const us = median(runs.map((r) => r.us));
    return { phase: name, us, top: runs.find((r) => r.us === us)?.top ?? '', instructions: median(runs.map((r) => r.instructions)) };
  });
}
