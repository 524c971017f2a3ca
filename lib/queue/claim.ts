import type { Redis } from 'ioredis';
import { JOBS_GROUP, type KeyBuilder } from '../store/keys';
import { entriesFor, heldJobsOf, JOBS_PER_ENTRY, type HeldJob, type StreamEntry } from './job';
import { runScript } from './script';

type PendingRow = [id: string, consumer: string, idleMs: number, deliveries: number];

/** The pending entries of one consumer (oldest first) with their idle time and delivery count. */
export async function pendingOf(redis: Redis, keys: KeyBuilder, consumer: string, count: number, start = '-', end = '+'): Promise<PendingRow[]> {
  return (await redis.xpending(keys.jobs, JOBS_GROUP, start, end, count, consumer)) as PendingRow[];
}

function toHeldJobs(entries: Array<StreamEntry | null>, deliveries: Map<string, number>): { jobs: HeldJob[]; malformed: string[] } {
  return heldJobsOf(entries, (id) => deliveries.get(id) ?? 1);
}

export interface ConsumerInfo {
  name: string;
  pending: number;
  idle: number;
}

export async function consumersOf(redis: Redis, keys: KeyBuilder): Promise<ConsumerInfo[]> {
  const rows = (await redis.xinfo('CONSUMERS', keys.jobs, JOBS_GROUP)) as unknown[][];
  return rows.map((row) => {
    const map: Record<string, unknown> = {};
    for (let i = 0; i + 1 < row.length; i += 2) map[String(row[i])] = row[i + 1];
    return { name: String(map.name), pending: Number(map.pending), idle: Number(map.idle) };
  });
}

/** Alive = its heartbeat key exists: a TTL kept by Redis, so hosts' clocks do not matter. */
export async function workerAlive(redis: Redis, keys: KeyBuilder, name: string): Promise<boolean> {
  return (await redis.exists(keys.heartbeat('worker', name))) === 1;
}

/**
 * Takes over the pending entries of consumers whose heartbeat has expired (dead workers), at once.
 * The min-idle of XCLAIM is the idle time just seen, so when two live workers race for the same
 * entries the second one's XCLAIM finds them freshly claimed and takes nothing.
 */
export async function claimFromDeadConsumers(redis: Redis, keys: KeyBuilder, me: string, limit: number, isAlive = (name: string) => workerAlive(redis, keys, name)): Promise<{ jobs: HeldJob[]; malformed: string[]; from: string[] }> {
  const out = { jobs: [] as HeldJob[], malformed: [] as string[], from: [] as string[] };
  for (const consumer of await consumersOf(redis, keys)) {
    if (out.jobs.length >= limit) break;
    if (consumer.name === me || (consumer.pending === 0 && consumer.idle <= 600_000)) continue;
    if (await isAlive(consumer.name)) continue;
    if (consumer.pending === 0) {
      if (consumer.idle > 600_000) await dropIdleConsumer(redis, keys, consumer.name);
      continue;
    }
    // An entry holds one job or a packed few dozen, which XPENDING does not tell: claim as if packed,
    // then size the next round by the jobs per entry just seen, until `limit` jobs or nothing is left.
    let jobsPerEntry = JOBS_PER_ENTRY;
    const before = out.jobs.length;
    while (out.jobs.length < limit) {
      const rows = await pendingOf(redis, keys, consumer.name, entriesFor(limit - out.jobs.length, jobsPerEntry));
      if (!rows.length) break;
      const minIdle = Math.min(...rows.map((r) => r[2]));
      const entries = (await redis.xclaim(keys.jobs, JOBS_GROUP, me, minIdle, ...rows.map((r) => r[0]))) as Array<StreamEntry | null>;
      const claimed = toHeldJobs(entries, new Map(rows.map((r) => [r[0], r[3] + 1])));
      out.jobs.push(...claimed.jobs);
      out.malformed.push(...claimed.malformed);
      // None claimed: another worker took them first (or they were trimmed); it goes on from here.
      if (!entries.some(Boolean)) break;
      jobsPerEntry = Math.max(1, claimed.jobs.length / rows.length);
    }
    if (out.jobs.length > before) out.from.push(consumer.name);
  }
  return out;
}

const DROP_IF_EMPTY = `
if #redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', 1, ARGV[2]) == 0 then
  return redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], ARGV[2])
end
return -1
`;

/** Forgets a long-gone consumer, only if it still has nothing pending (checked atomically). */
async function dropIdleConsumer(redis: Redis, keys: KeyBuilder, consumer: string): Promise<void> {
  await runScript(redis, DROP_IF_EMPTY, [keys.jobs], [JOBS_GROUP, consumer]);
}

/** Safety net: entries idle past the visibility timeout, whoever holds them (a stuck worker); about `limit` jobs. */
export async function claimIdle(redis: Redis, keys: KeyBuilder, me: string, minIdleMs: number, limit: number): Promise<{ jobs: HeldJob[]; malformed: string[] }> {
  const out = { jobs: [] as HeldJob[], malformed: [] as string[] };
  // Entries of one job or packed ones: sized as for claimFromDeadConsumers.
  let cursor = '0-0';
  let jobsPerEntry = JOBS_PER_ENTRY;
  while (out.jobs.length < limit) {
    const count = entriesFor(limit - out.jobs.length, jobsPerEntry);
    const [next, entries] = (await redis.xautoclaim(keys.jobs, JOBS_GROUP, me, minIdleMs, cursor, 'COUNT', count)) as [string, StreamEntry[], string[]];
    if (!entries.length) break;
    const ids = entries.map((e) => e[0]);
    const rows = await pendingOf(redis, keys, me, Math.max(ids.length * 2, 100), ids[0], ids[ids.length - 1]);
    const claimed = toHeldJobs(entries, new Map(rows.map((r) => [r[0], r[3]])));
    out.jobs.push(...claimed.jobs);
    out.malformed.push(...claimed.malformed);
    if (next === '0-0') break;
    cursor = next;
    jobsPerEntry = Math.max(1, claimed.jobs.length / entries.length);
  }
  return out;
}

/**
 * Entries left under our own name by an earlier process with the same consumer name (a fixed
 * WORKER_CONSUMER_NAME, restarted): nobody else would take them before the visibility timeout.
 */
export async function claimOwnLeftovers(redis: Redis, keys: KeyBuilder, me: string, limit: number): Promise<{ jobs: HeldJob[]; malformed: string[] }> {
  const rows = await pendingOf(redis, keys, me, limit);
  if (!rows.length) return { jobs: [], malformed: [] };
  const entries = (await redis.xclaim(keys.jobs, JOBS_GROUP, me, 0, ...rows.map((r) => r[0]))) as Array<StreamEntry | null>;
  return toHeldJobs(entries, new Map(rows.map((r) => [r[0], r[3] + 1])));
}

/**
 * Delivers an entry of ours to us again (the delivery count goes up): a retry after a failed run. Only
 * for an entry of one job: a packed entry's failed jobs are split out of it (split-entry.ts).
 */
export async function redeliverToSelf(redis: Redis, keys: KeyBuilder, me: string, job: HeldJob): Promise<HeldJob | null> {
  const entries = (await redis.xclaim(keys.jobs, JOBS_GROUP, me, 0, job.id)) as Array<StreamEntry | null>;
  return entries.some((e) => e?.[0] === job.id) ? { ...job, deliveries: job.deliveries + 1 } : null;
}

const RENEW = `
local renewed = 0
for i = 2, #ARGV - 1 do
  if #redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1, ARGV[#ARGV]) == 1 then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[#ARGV], 0, ARGV[i], 'JUSTID')
    renewed = renewed + 1
  end
end
return renewed
`;

/**
 * Resets the idle time of entries this worker is still working on (XCLAIM … JUSTID: no new delivery),
 * so the visibility-timeout safety net does not take them. Entries another worker took are left alone.
 */
export async function renewEntries(redis: Redis, keys: KeyBuilder, me: string, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  return (await runScript(redis, RENEW, [keys.jobs], [JOBS_GROUP, ...ids, me])) as number;
}
