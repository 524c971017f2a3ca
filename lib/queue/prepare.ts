import type { KeyBuilder } from '../store/keys';
import type { HeldJob } from './job';
import type { RedisClient } from '../redis';

/** A worker's parsed copy of a monitor record, and the write number (monitorVersions) it was read at. */
export interface KnownRecord {
  version: string;
}

/**
 * 'gone': the monitor was deleted; this delivery holds its lock all the same (free it with the ack).
 * 'run' comes with the record as stored (json, at `version`), or with the worker's own copy (known)
 * when that copy is of the record's current write.
 */
export type Readiness<K extends KnownRecord = KnownRecord> = { state: 'gone' } | { state: 'stale' } | { state: 'locked' }
  | { state: 'run'; json: string; version: string } | { state: 'run'; known: K };

/** Jobs per script call: the script unpacks them onto Lua's small C stack. */
const PREPARE_CHUNK = 500;

/**
 * For each job, in one round trip: is it stale, can it take its monitor's lock (prepare-jobs.lua),
 * and the record to run it with. Behind the script go an HMGET of the records' write numbers and an
 * MGET of the records the worker has no copy of; a copy found out of date (an edit) is read after.
 * Read just after the lock is taken, a record is as fresh as the lock.
 * `known(monitorId)`: the worker's parsed copy of that monitor's record, if it has one.
 */
export async function prepareJobs<K extends KnownRecord>(redis: RedisClient, keys: KeyBuilder, consumer: string, jobs: HeldJob[], lockTtlMs: number,
  known: (monitorId: string) => K | undefined = () => undefined): Promise<Array<Readiness<K>>> {
  const calls: Array<Promise<Array<Readiness<K>>>> = [];
  for (let i = 0; i < jobs.length; i += PREPARE_CHUNK) calls.push(prepareChunk(redis, keys, consumer, jobs.slice(i, i + PREPARE_CHUNK), lockTtlMs, known));
  return (await Promise.all(calls)).flat();
}

async function prepareChunk<K extends KnownRecord>(redis: RedisClient, keys: KeyBuilder, consumer: string, jobs: HeldJob[], lockTtlMs: number,
  known: (monitorId: string) => K | undefined): Promise<Array<Readiness<K>>> {
  const args = jobs.flatMap((job) => [job.monitorId, String(job.fireTime), job.trigger, job.id]);
  // Copies held now, so one dropped from the worker's cache meanwhile still serves this batch.
  const copies = jobs.map((job) => known(job.monitorId));
  const unknown = jobs.filter((_, i) => !copies[i]);
  // All go out together, the reads behind the script: one round trip.
  const script = redis.imalertPrepareJobs(keys.lastDispatched, keys.locks, consumer, Math.max(1, Math.ceil(lockTtlMs)), ...args);
  const writes = redis.hmget(keys.monitorVersions, ...jobs.map((job) => job.monitorId));
  const records = unknown.length ? redis.mget(unknown.map((job) => keys.monitor(job.monitorId))) : Promise.resolve([]);
  const [reply, versions, read] = await Promise.all([script, writes, records]);
  const out: Array<Readiness<K>> = [];
  const outdated: number[] = [];
  let next = 0;
  for (let i = 0; i < jobs.length; i += 1) {
    const copy = copies[i];
    const json = copy ? undefined : read[next++];
    if (reply[i] !== 'lock') out.push({ state: reply[i] as 'stale' | 'locked' });
    else if (json !== undefined) out.push(json === null ? { state: 'gone' } : { state: 'run', json, version: versions[i] ?? '' });
    else if (versions[i] === copy?.version) out.push({ state: 'run', known: copy as K });
    else {
      outdated.push(i);
      out.push({ state: 'gone' });
    }
  }
  // Copies out of date (an edit since) or of a deleted monitor: their records now.
  if (outdated.length) {
    const fresh = await redis.mget(outdated.map((i) => keys.monitor(jobs[i].monitorId)));
    outdated.forEach((i, k) => {
      const json = fresh[k];
      if (json !== null) out[i] = { state: 'run', json, version: versions[i] ?? '' };
    });
  }
  return out;
}
