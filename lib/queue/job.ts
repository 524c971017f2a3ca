/** One job of the jobs stream, as the controller and run-now write it (see parseJobEntry). */
export interface JobEntry {
  /** The stream entry id: one job per entry. */
  id: string;
  monitorId: string;
  /** The fire time the job stands for (ms); results are keyed by it. */
  fireTime: number;
  dispatchId: string;
  trigger: 'schedule' | 'manual';
}

/** A job as this worker holds it: the entry plus how many times it was delivered. */
export interface HeldJob extends JobEntry {
  deliveries: number;
}

export type StreamEntry = [id: string, fields: string[]];

/**
 * Parses a stream entry into its job; null when it is not a job we understand (acked and dropped by
 * the caller). A scheduled job is one field, j = "<monitor id> <fire time>", its dispatch id following
 * from them; manual jobs (run now, redrive) carry monitorId, fireTime, dispatchId and trigger.
 */
export function parseJobEntry([id, fields]: StreamEntry): JobEntry | null {
  if (fields[0] === 'j') {
    if (fields.length !== 2) return null;
    const space = fields[1].lastIndexOf(' ');
    const monitorId = fields[1].slice(0, space);
    const fireTime = Number(fields[1].slice(space + 1));
    if (space <= 0 || !Number.isFinite(fireTime)) return null;
    return { id, monitorId, fireTime, dispatchId: `s:${monitorId}:${fireTime}`, trigger: 'schedule' };
  }
  const map: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) map[fields[i]] = fields[i + 1];
  const fireTime = Number(map.fireTime);
  if (!map.monitorId || !Number.isFinite(fireTime)) return null;
  return { id, monitorId: map.monitorId, fireTime, dispatchId: map.dispatchId ?? '', trigger: map.trigger === 'manual' ? 'manual' : 'schedule' };
}

/** Jobs of stream entries with their delivery counts (by entry id); entries that are not jobs apart. */
export function heldJobsOf(entries: Array<StreamEntry | null>, deliveries: (entryId: string) => number): { jobs: HeldJob[]; malformed: string[] } {
  const jobs: HeldJob[] = [];
  const malformed: string[] = [];
  for (const entry of entries) {
    if (!entry) continue; // trimmed or deleted meanwhile: Redis drops it from the group itself
    const job = parseJobEntry(entry);
    if (job) jobs.push({ ...job, deliveries: deliveries(entry[0]) });
    else malformed.push(entry[0]);
  }
  return { jobs, malformed };
}

/** Compares stream ids ("ms-seq") numerically. */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  if (am !== bm) return am < bm ? -1 : 1;
  if ((as ?? 0n) === (bs ?? 0n)) return 0;
  return (as ?? 0n) < (bs ?? 0n) ? -1 : 1;
}
