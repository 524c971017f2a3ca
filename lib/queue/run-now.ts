import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context';
import { UserError } from '../errors';
import { RUN_NOW } from './dispatch-script';
import { runScript } from './script';

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
  // runScript (EVALSHA/EVAL), not defineCommand: safe on the UI's auto-pipelined client from the first call.
  const reply = (await runScript(redis, RUN_NOW, [keys.monitor(monitorId), keys.jobs, keys.lastDispatched], [monitorId, suffix])) as [string, string] | null;
  if (!reply) throw new UserError('This monitor no longer exists.', {}, 'not-found');
  const [streamId, fireTime] = reply;
  return { streamId, fireTime: Number(fireTime), dispatchId: `m:${monitorId}:${suffix}` };
}
