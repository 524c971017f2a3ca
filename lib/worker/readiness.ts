import { isCorruptRecordError } from '../errors';
import type { Logger } from '../log';
import type { Monitor } from '../monitors';
import type { Readiness } from '../queue/prepare';
import type { HeldJob } from '../queue/job';
import type { CachedMonitor, MonitorCache } from './monitor-cache';

/** A job that may run: its monitor as stored, and with its secrets opened for the check (as JSON). */
export type Runnable = { job: HeldJob; monitor: Monitor; openJson: string };

/** What to do with each job of a prepared group (see prepareJobs). */
export interface Sorted {
  runnable: Runnable[];
  /** Monitor deleted: ack and free the lock this delivery took, nothing to store. */
  gone: HeldJob[];
  /** Another job of the monitor holds its lock: try again soon (indexes into the group). */
  locked: number[];
  /** Recorded as skipped, then acked; `locked` says whether this delivery holds the monitor's lock. */
  skip: Array<{ job: HeldJob; reason: string; locked: boolean }>;
  /** A failed delivery (retried, or buried after too many). */
  failed: Array<{ job: HeldJob; message: string }>;
}

/** Sorts a prepared group: parses each monitor, skips unreadable ones and scheduled jobs of paused ones, opens secrets. */
export function sortPrepared(jobs: HeldJob[], readiness: Array<Readiness<CachedMonitor>>, monitors: MonitorCache, log: Logger): Sorted {
  const sorted: Sorted = { runnable: [], gone: [], locked: [], skip: [], failed: [] };
  readiness.forEach((ready, i) => {
    const job = jobs[i];
    if (ready.state === 'gone') sorted.gone.push(job);
    else if (ready.state === 'stale') sorted.skip.push({ job, reason: 'a later run of this monitor was already dispatched', locked: false });
    else if (ready.state === 'locked') sorted.locked.push(i);
    else {
      let entry: CachedMonitor;
      try {
        entry = 'known' in ready ? ready.known : monitors.get(job.monitorId, ready.json, ready.version);
      } catch (error) {
        if (isCorruptRecordError(error)) {
          log.error('stored monitor is unreadable; job skipped', { monitorId: job.monitorId, error });
          return void sorted.skip.push({ job, reason: 'the monitor record is unreadable', locked: true });
        }
        return void sorted.failed.push({ job, message: `cannot decrypt the monitor's secrets: ${(error as Error).message}` });
      }
      // Pausing stops the schedule; a run asked for by hand still runs (its result alerts no one, see apply.ts).
      if (!entry.monitor.enabled && job.trigger !== 'manual') return void sorted.skip.push({ job, reason: 'the monitor is paused', locked: true });
      sorted.runnable.push({ job, monitor: entry.monitor, openJson: entry.openJson });
    }
  });
  return sorted;
}
