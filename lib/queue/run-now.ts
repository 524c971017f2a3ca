import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context';
import { UserError } from '../errors';
import { takesPings } from '../monitors/registry';

export interface ManualJob {
  streamId: string;
  fireTime: number;
  dispatchId: string;
}

/**
 * "Run now" from the UI: puts a manual job for the monitor on the jobs stream at once, with Redis's
 * clock as its fire time (one atomic script, which also raises lastDispatched). The monitor's place
 * on the schedule is not touched. Throws a UserError when the monitor does not exist, or is a Did It
 * Run (its job's pings are its runs).
 */
export async function runNow(ctx: Pick<AppContext, 'redis' | 'keys'>, monitorId: string): Promise<ManualJob> {
  const { redis, keys } = ctx;
  if (takesPings(kindOf(await redis.get(keys.monitor(monitorId))))) throw new UserError(NOTHING_TO_RUN);
  const suffix = randomBytes(6).toString('hex');
  const reply = await redis.imalertRunNow(keys.monitor(monitorId), keys.jobs, keys.lastDispatched, monitorId, suffix);
  if (!reply) throw new UserError('This monitor no longer exists.', {}, 'not-found');
  const [streamId, fireTime] = reply;
  return { streamId, fireTime: Number(fireTime), dispatchId: `m:${monitorId}:${suffix}` };
}

export const NOTHING_TO_RUN = "A Did It Run monitor has nothing to run now: its job's pings bring it up, and a missed ping brings it down.";

function kindOf(json: string | null): unknown {
  try {
    return json === null ? undefined : (JSON.parse(json) as { kind?: unknown })?.kind;
  } catch {
    return undefined; // unreadable: the worker says so when the job runs
  }
}
