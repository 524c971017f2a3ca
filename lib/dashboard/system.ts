import type { AppContext } from '../context';
import { liveProcesses } from '../heartbeat';
import { JOBS_GROUP } from '../store';
import type { StatusCounts, SystemStatus } from './types';

type Ctx = Pick<AppContext, 'redis' | 'keys'>;

/** Counts per status from the index sets (SCARD: constant time each). */
export async function statusCounts(ctx: Ctx): Promise<StatusCounts> {
  const { keys, redis } = ctx;
  const [total, pending, up, down, paused] = await Promise.all([
    redis.zcard(keys.indexNames),
    redis.scard(keys.indexByStatus('pending')),
    redis.scard(keys.indexByStatus('up')),
    redis.scard(keys.indexByStatus('down')),
    redis.scard(keys.indexPaused),
  ]);
  return { total, pending, up, down, paused };
}

/** The system strip: live processes, the job stream's backlog, dead letters. */
export async function systemStatus(ctx: Ctx): Promise<SystemStatus> {
  const { keys, redis } = ctx;
  const [controllers, workers, jobs, deadLetters] = await Promise.all([
    liveProcesses(redis, keys, 'controller'),
    liveProcesses(redis, keys, 'worker'),
    jobBacklog(ctx),
    redis.xlen(keys.deadLetters),
  ]);
  return { redis: 'up', controllers: controllers.length, workers: workers.length, ...jobs, deadLetters };
}

/** Waiting = entries the group has not read yet (its lag); pending = read but not acknowledged. */
async function jobBacklog(ctx: Ctx): Promise<{ jobsWaiting: number; jobsPending: number }> {
  const groups = (await ctx.redis.xinfo('GROUPS', ctx.keys.jobs).catch(() => [])) as unknown[][];
  for (const group of groups) {
    const info = Object.fromEntries(pairs(group));
    if (info.name !== JOBS_GROUP) continue;
    const lag = info.lag === null || info.lag === undefined ? await ctx.redis.xlen(ctx.keys.jobs) : Number(info.lag);
    return { jobsWaiting: lag, jobsPending: Number(info.pending ?? 0) };
  }
  return { jobsWaiting: await ctx.redis.xlen(ctx.keys.jobs), jobsPending: 0 };
}

function pairs(flat: unknown[]): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([String(flat[i]), flat[i + 1]]);
  return out;
}
