import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context';
import { UserError } from '../errors';

export interface ManualJob {
  streamId: string;
  fireTime: number;
  dispatchId: string;
}

/**
 * "Run now" from the UI: puts a manual job for the monitor on the jobs stream at once, with Redis's
 * clock as its fire time (one atomic script, which also raises lastDispatched). The monitor's place
 * on the schedule is not touched. Throws a UserError when the monitor does not exist.
 */
export async function runNow(ctx: Pick<AppContext, 'redis' | 'keys'>, monitorId: string): Promise<ManualJob> {
  const { redis, keys } = ctx;
  const suffix = randomBytes(6).toString('hex');
  const reply = await redis.imalertRunNow(keys.monitor(monitorId), keys.jobs, keys.lastDispatched, monitorId, suffix);
  if (!reply) throw new UserError('This monitor no longer exists.', {}, 'not-found');
  const [streamId, fireTime] = reply;
  return { streamId, fireTime: Number(fireTime), dispatchId: `m:${monitorId}:${suffix}` };
}
