import type { AppContext } from '../context';
import { liveProcesses } from '../heartbeat';
import { parseJobEntries } from '../queue/job';
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
  // In progress: the jobs the live workers hold, as their heartbeats say (a stream entry can hold many).
  const jobsPending = workers.reduce((sum, worker) => sum + (Number(worker.inFlight) || 0), 0);
  return { redis: 'up', controllers: controllers.length, workers: workers.length, ...jobs, jobsPending, deadLetters };
}

/** Unread entries looked at to count their jobs; past that many the count is estimated from them. */
const WAITING_SAMPLE = 20;

/**
 * Waiting = the jobs in the entries the group has not read yet (its lag). A controller packs up to 64
 * jobs into an entry, so they are counted in the first WAITING_SAMPLE unread entries: exactly for a
 * short backlog, and scaled up from those for a longer one (a few reads, whatever the backlog).
 */
async function jobBacklog(ctx: Ctx): Promise<{ jobsWaiting: number; jobsWaitingEstimated: boolean }> {
  const groups = (await ctx.redis.xinfo('GROUPS', ctx.keys.jobs).catch(() => [])) as unknown[][];
  const info = groups.map((group) => Object.fromEntries(pairs(group))).find((group) => group.name === JOBS_GROUP);
  const lag = info && info.lag !== null && info.lag !== undefined ? Number(info.lag) : await ctx.redis.xlen(ctx.keys.jobs);
  if (lag === 0) return { jobsWaiting: 0, jobsWaitingEstimated: false };
  const after = info ? `(${String(info['last-delivered-id'])}` : '-';
  const entries = await ctx.redis.xrange(ctx.keys.jobs, after, '+', 'COUNT', WAITING_SAMPLE);
  const jobs = entries.reduce((sum, entry) => sum + (parseJobEntries(entry)?.length ?? 1), 0);
  if (entries.length >= lag || entries.length < WAITING_SAMPLE) return { jobsWaiting: jobs, jobsWaitingEstimated: false };
  return { jobsWaiting: Math.round((jobs / entries.length) * lag), jobsWaitingEstimated: true };
}

function pairs(flat: unknown[]): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([String(flat[i]), flat[i + 1]]);
  return out;
}
