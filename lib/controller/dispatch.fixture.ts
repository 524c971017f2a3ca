import type { Redis } from 'ioredis';
import { nextFireTime, nextFireTimes, parseCron } from '../schedule';
import type { KeyBuilder } from '../store/keys';
import { parseJobEntries } from '../queue/job';
import { spawnDaemon, type Daemon } from '../../test/support/daemons';

/** Helpers of the controller's integration tests: real daemon processes against a test Redis. */
export const TEST_SECRET_KEY = 'k'.repeat(43) + '=';

export type SpawnedDaemon = Daemon;

/** The controller daemon as a process of its own, with the tests' secret key unless env says otherwise. */
export function spawnController(env: Record<string, string>): SpawnedDaemon {
  return spawnDaemon('controller', { IMALERT_SECRET_KEY: TEST_SECRET_KEY, ...env });
}

export interface DispatchedJob {
  monitorId: string;
  fireTime: number;
  entryMs: number;
  trigger: string;
}

export async function readJobs(redis: Redis, keys: KeyBuilder): Promise<DispatchedJob[]> {
  const entries = await redis.xrange(keys.jobs, '-', '+');
  return entries.flatMap((entry) => {
    const jobs = parseJobEntries(entry);
    if (!jobs) throw new Error(`not a job on the stream: ${JSON.stringify(entry)}`);
    return jobs.map((job) => ({ monitorId: job.monitorId, fireTime: job.fireTime, entryMs: Number(entry[0].split('-')[0]), trigger: job.trigger }));
  });
}

export interface ScheduledMonitor {
  id: string;
  cron: string;
  timeZone: string;
}

/**
 * Everything that must hold for the jobs in the stream: no (monitor, fire time) twice, none before
 * its fire time, every fire time on the monitor's schedule, fire times increasing per monitor, and
 * every fire time in [from, to] present — except inside `gaps` (Redis down), where missed fires are
 * folded into the latest one. Returns the problems found (at most `limit`).
 */
export function checkExactlyOnce(jobs: DispatchedJob[], monitors: ScheduledMonitor[], window: { from: number; to: number }, gaps: Array<[number, number]> = [], limit = 20): string[] {
  const problems: string[] = [];
  const note = (p: string) => problems.length < limit && problems.push(p);
  const byMonitor = new Map(monitors.map((m) => [m.id, { monitor: m, parsed: parseCron(m.cron), fires: [] as number[] }]));
  const seen = new Set<string>();
  for (const job of jobs) {
    const entry = byMonitor.get(job.monitorId);
    if (!entry) { note(`job for unknown monitor ${job.monitorId}`); continue; }
    const key = `${job.monitorId}@${job.fireTime}`;
    if (seen.has(key)) note(`dispatched twice: ${key}`);
    seen.add(key);
    if (job.trigger !== 'schedule') note(`unexpected trigger ${job.trigger} for ${key}`);
    if (job.entryMs < job.fireTime) note(`dispatched ${job.fireTime - job.entryMs} ms early: ${key}`);
    if (nextFireTime(entry.parsed, entry.monitor.timeZone, job.fireTime - 1) !== job.fireTime) note(`not a fire time of "${entry.monitor.cron}": ${key}`);
    const last = entry.fires[entry.fires.length - 1];
    if (last !== undefined && job.fireTime <= last) note(`fire times out of order for ${job.monitorId}: ${job.fireTime} after ${last}`);
    entry.fires.push(job.fireTime);
  }
  const inGap = (t: number) => gaps.some(([a, b]) => t >= a && t <= b);
  for (const { monitor, parsed } of byMonitor.values()) {
    for (let t = nextFireTime(parsed, monitor.timeZone, window.from - 1); t <= window.to; t = nextFireTimes(parsed, monitor.timeZone, t, 1)[0]) {
      if (!inGap(t) && !seen.has(`${monitor.id}@${t}`)) note(`missing: ${monitor.id}@${t} (${monitor.cron}, ${monitor.timeZone})`);
    }
  }
  return problems;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
