import type { Redis } from 'ioredis';
import type { KeyBuilder } from '../store/keys';
import type { HeldJob } from './job';
import { LUA_LOCKS } from './lua-finish-jobs';
import { LUA_NUM } from './lua-num';
import { runScript } from './script';

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

/** What PREPARE answers per job. */
const PREPARED = ['lock', 'stale', 'locked'] as const;

/**
 * For each job, in one round trip: has a later fire of it been dispatched (schedule jobs only), and
 * can it take the monitor's lock. The lock is taken over when it expired or its holder is an earlier
 * delivery of the same entry (a worker that died while running it). One HMGET of lastDispatched, one
 * HMGET and one HSET of the locks serve the whole batch.
 *
 * Behind the script, in the same round trip, go a plain HMGET of the records' write numbers and an
 * MGET of the records the worker has no parsed copy of: a record is a few hundred bytes, its write
 * number a few digits, and a copy of the current write needs no reading. A copy found out of date (an
 * edit) is read after. Neither is read by the script: a record taken into Lua is copied into Lua's
 * string table, where records alike but for a few characters share a hash (Lua 5.1 hashes long
 * strings from a sample of their characters), so each new one was compared with many before it; and
 * the write numbers cost Redis 1,900 instructions a job more through Lua than as a command of their
 * own (callgrind). Read just after the lock is taken, a record is as fresh as the lock; a job whose
 * record is gone by then is acked with its lock freed. A record without a write number (written
 * before they were kept) is read every time.
 *
 * KEYS: lastDispatched, locks. ARGV: 1 n, 2 consumer, 3 lock ttl ms, then per job monitorId, fireTime
 * ('m' for a manual job: never stale, so its fire time is not needed here), stream entry id (three
 * arguments a job: Redis takes each in about 0.3 µs). Returns per job an index into PREPARED.
 */
const PREPARE = `${LUA_LOCKS}${LUA_NUM}
local LOCK, STALE, LOCKED = 0, 1, 2
local n, consumer, ttl = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expires = string.format('%d', now + ttl)
local ids = {}
for i = 1, n do ids[i] = ARGV[3 * i + 1] end
local last = redis.call('HMGET', KEYS[1], unpack(ids))
local holders = redis.call('HMGET', KEYS[2], unpack(ids))
-- Locks taken by this call, by monitor id: a later job of the same monitor in the batch sees its
-- lock as taken (a lookup, not a scan of the rest of the batch per job).
local out, taken, takenHere = {}, {}, {}
for i = 1, n do
  local a = 3 * i + 1
  local fireTime, entry = ARGV[a + 1], ARGV[a + 2]
  if fireTime ~= 'm' and last[i] and last[i] ~= fireTime and num(last[i]) > num(fireTime) then
    out[i] = STALE
  else
    local id = ids[i]
    local holder = takenHere[id] or holders[i]
    if (not holder) or lockExpired(holder, now) or string.find(holder, '|' .. entry .. '|', 1, true) then
      local value = consumer .. '|' .. entry .. '|' .. expires
      taken[#taken + 1] = id
      taken[#taken + 1] = value
      takenHere[id] = value
      out[i] = LOCK
    else
      out[i] = LOCKED
    end
  end
end
if #taken > 0 then redis.call('HSET', KEYS[2], unpack(taken)) end
return out
`;

/** Jobs per PREPARE call (HMGET unpacks its arguments on Lua's stack). */
const PREPARE_CHUNK = 500;

/** `known(monitorId)`: the worker's parsed copy of that monitor's record, if it has one. */
export async function prepareJobs<K extends KnownRecord>(redis: Redis, keys: KeyBuilder, consumer: string, jobs: HeldJob[], lockTtlMs: number,
  known: (monitorId: string) => K | undefined = () => undefined): Promise<Array<Readiness<K>>> {
  const calls: Array<Promise<Array<Readiness<K>>>> = [];
  for (let i = 0; i < jobs.length; i += PREPARE_CHUNK) calls.push(prepareChunk(redis, keys, consumer, jobs.slice(i, i + PREPARE_CHUNK), lockTtlMs, known));
  return (await Promise.all(calls)).flat();
}

async function prepareChunk<K extends KnownRecord>(redis: Redis, keys: KeyBuilder, consumer: string, jobs: HeldJob[], lockTtlMs: number,
  known: (monitorId: string) => K | undefined): Promise<Array<Readiness<K>>> {
  const args: string[] = [String(jobs.length), consumer, String(Math.max(1, Math.ceil(lockTtlMs)))];
  for (const job of jobs) args.push(job.monitorId, job.trigger === 'manual' ? 'm' : String(job.fireTime), job.id);
  // Copies held now, so one dropped from the worker's cache meanwhile still serves this batch.
  const copies = jobs.map((job) => known(job.monitorId));
  const unknown = jobs.filter((_, i) => !copies[i]?.version);
  // All go out together, the reads behind the script: one round trip (see PREPARE).
  const script = runScript(redis, PREPARE, [keys.lastDispatched, keys.locks], args) as Promise<number[]>;
  const writes = redis.hmget(keys.monitorVersions, ...jobs.map((job) => job.monitorId));
  const records = unknown.length ? redis.mget(unknown.map((job) => keys.monitor(job.monitorId))) : Promise.resolve([]);
  const [reply, versions, read] = await Promise.all([script, writes, records]);
  const out: Array<Readiness<K>> = [];
  const stale: number[] = [];
  let next = 0;
  for (let i = 0; i < jobs.length; i += 1) {
    const prepared = PREPARED[reply[i]];
    const version = versions[i] ?? '';
    const json = copies[i]?.version ? undefined : read[next++];
    if (prepared !== 'lock') out.push({ state: prepared });
    else if (json !== undefined) out.push(json === null ? { state: 'gone' } : { state: 'run', json, version });
    else if (version !== '' && version === copies[i]?.version) out.push({ state: 'run', known: copies[i] as K });
    else {
      stale.push(i);
      out.push({ state: 'gone' });
    }
  }
  // Copies out of date (an edit since) or of a deleted monitor: their records now.
  if (stale.length) {
    const fresh = await redis.mget(stale.map((i) => keys.monitor(jobs[i].monitorId)));
    stale.forEach((i, k) => {
      const json = fresh[k];
      if (json !== null) out[i] = { state: 'run', json, version: versions[i] ?? '' };
    });
  }
  return out;
}
