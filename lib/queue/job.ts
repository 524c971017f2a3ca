/** One entry of the jobs stream, as the controller and run-now write it (CONTRACTS.md). */
export interface JobEntry {
  /** The stream entry id. */
  id: string;
  monitorId: string;
  /** The fire time the job stands for (ms); results are keyed by it. */
  fireTime: number;
  dispatchId: string;
  trigger: 'schedule' | 'manual';
}

/** A job as this worker holds it: the entry plus how many times Redis has delivered it. */
export interface HeldJob extends JobEntry {
  deliveries: number;
}

export type StreamEntry = [id: string, fields: string[]];

/**
 * Parses a stream entry; null when it is not a job we understand (acked and dropped by the caller).
 * A scheduled job is one field, j = "<monitor id> <fire time>" (its dispatch id follows from them):
 * two strings per entry to write, deliver and parse instead of eight, at every run of every monitor.
 * Manual jobs (run now, redrive) carry monitorId, fireTime, dispatchId and trigger as fields.
 */
export function parseJobEntry([id, fields]: StreamEntry): JobEntry | null {
  if (fields.length === 2 && fields[0] === 'j') {
    const packed = fields[1];
    const space = packed.lastIndexOf(' ');
    const monitorId = packed.slice(0, space);
    const fireTime = Number(packed.slice(space + 1));
    if (space <= 0 || !Number.isFinite(fireTime)) return null;
    return { id, monitorId, fireTime, dispatchId: `s:${monitorId}:${fireTime}`, trigger: 'schedule' };
  }
  const map: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) map[fields[i]] = fields[i + 1];
  const fireTime = Number(map.fireTime);
  if (!map.monitorId || !Number.isFinite(fireTime)) return null;
  return {
    id,
    monitorId: map.monitorId,
    fireTime,
    dispatchId: map.dispatchId ?? '',
    trigger: map.trigger === 'manual' ? 'manual' : 'schedule',
  };
}

/** Compares stream ids ("ms-seq") numerically. */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  if (am !== bm) return am < bm ? -1 : 1;
  if ((as ?? 0n) === (bs ?? 0n)) return 0;
  return (as ?? 0n) < (bs ?? 0n) ? -1 : 1;
}
