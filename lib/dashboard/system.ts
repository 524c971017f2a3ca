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

/**
 * One job per stream entry, so the workers' group counts jobs exactly: waiting = entries not read
 * yet (its lag), pending = read and not yet acked (in progress, or held by a worker that died).
 */
async function jobBacklog(ctx: Ctx): Promise<{ jobsWaiting: number; jobsPending: number }> {
  const groups = await ctx.redis.imalertStreamGroups(ctx.keys.jobs).catch(() => [] as unknown[][]);
  const info = groups.map((group) => Object.fromEntries(pairs(group))).find((group) => group.name === JOBS_GROUP);
  if (!info) return { jobsWaiting: await ctx.redis.xlen(ctx.keys.jobs), jobsPending: 0 };
  // Redis knows no lag only after entries were deleted from the stream (XDEL), which imalert never does.
  const jobsWaiting = info.lag === null || info.lag === undefined ? await ctx.redis.xlen(ctx.keys.jobs) : Number(info.lag);
  return { jobsWaiting, jobsPending: Number(info.pending) };
}

function pairs(flat: unknown[]): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([String(flat[i]), flat[i + 1]]);
  return out;
}
