import { Gauge, type Registry } from 'prom-client';
import type { AppContext } from '../context';
import { statusCounts, systemStatus } from '../dashboard/system';

type Ctx = Pick<AppContext, 'redis' | 'keys'>;

/** A scrape that finds Redis away waits this long at most: its gauges then say NaN (unknown). */
const READ_TIMEOUT_MS = 2000;

interface Snapshot {
  monitors: { pending: number; up: number; down: number; paused: number };
  jobsWaiting: number;
  jobsInProgress: number;
  deadLetters: number;
  outboxDepth: number;
  live: { controller: number; worker: number };
}

async function readSnapshot(ctx: Ctx): Promise<Snapshot | undefined> {
  // A daemon's commands wait for a lost connection forever: a scrape must not queue more of them.
  if (ctx.redis.status !== 'ready') return undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), READ_TIMEOUT_MS)));
  const read = Promise.all([statusCounts(ctx), systemStatus(ctx), ctx.redis.xlen(ctx.keys.outbox)]).then(([counts, system, outboxDepth]): Snapshot => ({
    monitors: counts,
    jobsWaiting: system.jobsWaiting,
    jobsInProgress: system.jobsPending,
    deadLetters: system.deadLetters,
    outboxDepth,
    live: { controller: system.controllers, worker: system.workers },
  }), () => undefined);
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What Redis holds for the whole system, read when Prometheus scrapes: monitors by status, the jobs
 * stream's backlog, dead letters, the alert outbox, live processes. Registered by one kind of process
 * only (the controller), so nothing is counted twice; with two controllers, each reports the same values.
 */
export function registerSystemGauges(registry: Registry, ctx: Ctx): void {
  // A scrape starts every gauge's collect in the same turn: they share the read in flight, and the next scrape reads anew.
  let inFlight: Promise<Snapshot | undefined> | undefined;
  const snapshot = () => {
    inFlight ??= readSnapshot(ctx).finally(() => (inFlight = undefined));
    return inFlight;
  };
  const gauge = (name: string, help: string, labelNames: string[], fill: (gauge: Gauge, s: Snapshot | undefined) => void) =>
    new Gauge({
      name, help, labelNames, registers: [registry],
      async collect() {
        fill(this, await snapshot());
      },
    });
  const value = (n: number | undefined) => (n === undefined ? Number.NaN : n);

  gauge('imalert_monitors', 'Monitors by status (pending, up, down); paused ones keep theirs.', ['status'], (g, s) => {
    for (const status of ['pending', 'up', 'down'] as const) g.set({ status }, value(s?.monitors[status]));
  });
  gauge('imalert_monitors_paused', 'Monitors paused (they keep their status).', [], (g, s) => g.set(value(s?.monitors.paused)));
  gauge('imalert_jobs_waiting', 'Jobs on the stream no worker has read yet.', [], (g, s) => g.set(value(s?.jobsWaiting)));
  gauge('imalert_jobs_in_progress', 'Jobs read by a worker and not yet acknowledged (running, or held by a worker that died).', [], (g, s) => g.set(value(s?.jobsInProgress)));
  gauge('imalert_dead_letters', 'Jobs waiting in the dead letters.', [], (g, s) => g.set(value(s?.deadLetters)));
  gauge('imalert_alert_outbox_depth', 'Alerts in the outbox not yet delivered to every channel.', [], (g, s) => g.set(value(s?.outboxDepth)));
  gauge('imalert_live_processes', 'Controllers and workers whose heartbeat is alive.', ['role'], (g, s) => {
    for (const role of ['controller', 'worker'] as const) g.set({ role }, value(s?.live[role]));
  });
}
