/** One job of the jobs stream, as the controller and run-now write it (see parseJobEntries). */
export interface JobEntry {
  /** The stream entry id (shared by the jobs of a packed entry). */
  id: string;
  /** Tells the job apart within this worker: the entry id, or "<entry id>#<index>" in a packed entry. */
  key: string;
  /** Jobs in its stream entry: more than one for a packed entry (see parseJobEntries). */
  parts: number;
  monitorId: string;
  /** The fire time the job stands for (ms); results are keyed by it. */
  fireTime: number;
  dispatchId: string;
  trigger: 'schedule' | 'manual';
  /** Deliveries of the packed entry it was split from (see split-entry.ts), counted as its own. */
  priorDeliveries: number;
}

/** A job as this worker holds it: the entry plus how many times it was delivered. */
export interface HeldJob extends JobEntry {
  deliveries: number;
}

export type StreamEntry = [id: string, fields: string[]];

/** Jobs a controller packs into one stream entry at most. */
export const JOBS_PER_ENTRY = 1;

/**
 * Stream entries to read or claim for about `jobs` jobs, at `jobsPerEntry` a entry (by default as if
 * packed full: XREADGROUP, XPENDING and XAUTOCLAIM count entries, which hold one job or up to 64).
 */
export const entriesFor = (jobs: number, jobsPerEntry = JOBS_PER_ENTRY) => Math.max(1, Math.ceil(jobs / jobsPerEntry));

function scheduled(id: string, packed: string, index: number, parts: number, priorDeliveries: number): JobEntry | null {
  const space = packed.lastIndexOf(' ');
  const monitorId = packed.slice(0, space);
  const fireTime = Number(packed.slice(space + 1));
  if (space <= 0 || !Number.isFinite(fireTime)) return null;
  const key = parts > 1 ? `${id}#${index}` : id;
  return { id, key, parts, monitorId, fireTime, dispatchId: `s:${monitorId}:${fireTime}`, trigger: 'schedule', priorDeliveries };
}

/**
 * Parses a stream entry into its jobs; null when it is not jobs we understand (acked and dropped by
 * the caller). A scheduled job is one field, j = "<monitor id> <fire time>" (its dispatch id follows
 * from them), and the controller packs up to JOBS_PER_ENTRY of them into one entry (j repeated):
 * Redis adds, delivers, tracks and acks one entry for them all, where each of those steps per job was
 * a sixth of Redis's work for a job. A job split out of a packed entry is one j field and d = the
 * deliveries it already had. Manual jobs (run now, redrive) carry monitorId, fireTime, dispatchId and
 * trigger as fields.
 */
export function parseJobEntries([id, fields]: StreamEntry): JobEntry[] | null {
  if (fields[0] === 'j') {
    if (fields.length === 4 && fields[2] === 'd') {
      const prior = Number(fields[3]);
      const job = Number.isInteger(prior) && prior >= 0 ? scheduled(id, fields[1], 0, 1, prior) : null;
      return job && [job];
    }
    if (fields.length % 2 !== 0) return null;
    const parts = fields.length / 2;
    const jobs: JobEntry[] = [];
    for (let i = 0; i < parts; i += 1) {
      const job = fields[2 * i] === 'j' ? scheduled(id, fields[2 * i + 1], i, parts, 0) : null;
      if (!job) return null;
      jobs.push(job);
    }
    return jobs;
  }
  const map: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) map[fields[i]] = fields[i + 1];
  const fireTime = Number(map.fireTime);
  if (!map.monitorId || !Number.isFinite(fireTime)) return null;
  return [{
    id,
    key: id,
    parts: 1,
    monitorId: map.monitorId,
    fireTime,
    dispatchId: map.dispatchId ?? '',
    trigger: map.trigger === 'manual' ? 'manual' : 'schedule',
    priorDeliveries: 0,
  }];
}

/** Jobs of stream entries with their delivery counts (by entry id); entries that are not jobs apart. */
export function heldJobsOf(entries: Array<StreamEntry | null>, deliveries: (entryId: string) => number): { jobs: HeldJob[]; malformed: string[] } {
  const jobs: HeldJob[] = [];
  const malformed: string[] = [];
  for (const entry of entries) {
    if (!entry) continue; // trimmed or deleted meanwhile: Redis drops it from the group itself
    const parsed = parseJobEntries(entry);
    if (!parsed) {
      malformed.push(entry[0]);
      continue;
    }
    const count = deliveries(entry[0]);
    for (const job of parsed) jobs.push(Object.assign(job, { deliveries: count + job.priorDeliveries }));
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
