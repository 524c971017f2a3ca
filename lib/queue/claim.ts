import { JOBS_GROUP, type KeyBuilder } from '../store/keys';
import { heldJobsOf, type HeldJob, type StreamEntry } from './job';
import type { RedisClient } from '../redis';

type PendingRow = [id: string, consumer: string, idleMs: number, deliveries: number];

/** A consumer idle this long with nothing pending is forgotten (its heartbeat is gone too). */
const FORGET_IDLE_CONSUMER_MS = 600_000;

/** The pending entries of one consumer (oldest first) with their idle time and delivery count. */
export async function pendingOf(redis: RedisClient, keys: KeyBuilder, consumer: string, count: number, start = '-', end = '+'): Promise<PendingRow[]> {
  return (await redis.xpending(keys.jobs, JOBS_GROUP, start, end, count, consumer)) as PendingRow[];
}

export interface ConsumerInfo {
  name: string;
  pending: number;
  idle: number;
}

export async function consumersOf(redis: RedisClient, keys: KeyBuilder): Promise<ConsumerInfo[]> {
  const rows = await redis.imalertStreamConsumers(keys.jobs, JOBS_GROUP);
  return rows.map((row) => {
    const map: Record<string, unknown> = {};
    for (let i = 0; i + 1 < row.length; i += 2) map[String(row[i])] = row[i + 1];
    return { name: String(map.name), pending: Number(map.pending), idle: Number(map.idle) };
  });
}

/** Alive = its heartbeat key exists: a TTL kept by Redis, so hosts' clocks do not matter. */
export async function workerAlive(redis: RedisClient, keys: KeyBuilder, name: string): Promise<boolean> {
  return (await redis.exists(keys.heartbeat('worker', name))) === 1;
}

/**
 * Takes over up to `limit` pending jobs of consumers whose heartbeat has expired (dead workers). The
 * min-idle of XCLAIM is the idle time just seen, so when two live workers race for the same entries
 * the second one's XCLAIM finds them freshly claimed and takes nothing.
 */
export async function claimFromDeadConsumers(redis: RedisClient, keys: KeyBuilder, me: string, limit: number, isAlive = (name: string) => workerAlive(redis, keys, name)): Promise<{ jobs: HeldJob[]; malformed: string[]; from: string[] }> {
  const out = { jobs: [] as HeldJob[], malformed: [] as string[], from: [] as string[] };
  for (const consumer of await consumersOf(redis, keys)) {
    if (out.jobs.length >= limit) break;
    if (consumer.name === me || (consumer.pending === 0 && consumer.idle <= FORGET_IDLE_CONSUMER_MS)) continue;
    if (await isAlive(consumer.name)) continue;
    if (consumer.pending === 0) {
      await redis.imalertDropConsumerIfIdle(keys.jobs, JOBS_GROUP, consumer.name);
      continue;
    }
    const rows = await pendingOf(redis, keys, consumer.name, limit - out.jobs.length);
    if (!rows.length) continue;
    const minIdle = Math.min(...rows.map((r) => r[2]));
    const entries = (await redis.xclaim(keys.jobs, JOBS_GROUP, me, minIdle, ...rows.map((r) => r[0]))) as Array<StreamEntry | null>;
    const claimed = heldJobsOf(entries, deliveriesAfterClaim(rows));
    out.jobs.push(...claimed.jobs);
    out.malformed.push(...claimed.malformed);
    if (entries.some(Boolean)) out.from.push(consumer.name);
  }
  return out;
}

/** XCLAIM counts a delivery: one more than XPENDING said. */
function deliveriesAfterClaim(rows: PendingRow[]): (entryId: string) => number {
  const counts = new Map(rows.map((r) => [r[0], r[3] + 1]));
  return (id) => counts.get(id) ?? 1;
}

/** Safety net: up to `limit` jobs idle past the visibility timeout, whoever holds them (a stuck worker). */
export async function claimIdle(redis: RedisClient, keys: KeyBuilder, me: string, minIdleMs: number, limit: number): Promise<{ jobs: HeldJob[]; malformed: string[] }> {
  const out = { jobs: [] as HeldJob[], malformed: [] as string[] };
  let cursor = '0-0';
  // XAUTOCLAIM bounds its scan and may return fewer than COUNT with more left: go on from its cursor.
  while (out.jobs.length < limit) {
    const [next, entries] = (await redis.xautoclaim(keys.jobs, JOBS_GROUP, me, minIdleMs, cursor, 'COUNT', limit - out.jobs.length)) as [string, StreamEntry[], string[]];
    if (!entries.length) break;
    const counts = await deliveryCounts(redis, keys, entries.map((e) => e[0]));
    const claimed = heldJobsOf(entries, (id) => counts.get(id) ?? 1);
    out.jobs.push(...claimed.jobs);
    out.malformed.push(...claimed.malformed);
    if (next === '0-0') break;
    cursor = next;
  }
  return out;
}

/** Delivery counts of pending entries, each asked on its own: a range would also hold entries not asked about. */
async function deliveryCounts(redis: RedisClient, keys: KeyBuilder, ids: string[]): Promise<Map<string, number>> {
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.xpending(keys.jobs, JOBS_GROUP, id, id, 1);
  const replies = (await pipeline.exec()) ?? [];
  const counts = new Map<string, number>();
  for (const [error, rows] of replies) {
    if (error) throw error;
    for (const [id, , , deliveries] of rows as PendingRow[]) counts.set(id, deliveries);
  }
  return counts;
}

/**
 * Entries left under our own name by an earlier process with the same consumer name (a fixed
 * WORKER_CONSUMER_NAME, restarted): nobody else would take them before the visibility timeout.
 */
export async function claimOwnLeftovers(redis: RedisClient, keys: KeyBuilder, me: string, limit: number): Promise<{ jobs: HeldJob[]; malformed: string[] }> {
  const rows = await pendingOf(redis, keys, me, limit);
  if (!rows.length) return { jobs: [], malformed: [] };
  const entries = (await redis.xclaim(keys.jobs, JOBS_GROUP, me, 0, ...rows.map((r) => r[0]))) as Array<StreamEntry | null>;
  return heldJobsOf(entries, deliveriesAfterClaim(rows));
}

/** Delivers a job of ours to us again (the delivery count goes up): a retry after a failed run. */
export async function redeliverToSelf(redis: RedisClient, keys: KeyBuilder, me: string, job: HeldJob): Promise<HeldJob | null> {
  const entries = (await redis.xclaim(keys.jobs, JOBS_GROUP, me, 0, job.id)) as Array<StreamEntry | null>;
  return entries.some((e) => e?.[0] === job.id) ? { ...job, deliveries: job.deliveries + 1 } : null;
}

/**
 * Resets the idle time of entries this worker is still working on (XCLAIM … JUSTID: no new delivery),
 * so the visibility-timeout safety net does not take them. Entries another worker took are left alone.
 */
export async function renewEntries(redis: RedisClient, keys: KeyBuilder, me: string, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  return redis.imalertRenewEntries(keys.jobs, JOBS_GROUP, me, ...ids);
}
