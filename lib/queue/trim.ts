import type { KeyBuilder } from '../store/keys';
import { compareIds } from './job';
import type { RedisClient } from '../redis';

/**
 * The id below which every entry of the jobs stream is done: older than the oldest pending entry of
 * every group and not after any group's last-delivered id. null when nothing may go (no group yet).
 */
export async function safeTrimPoint(redis: RedisClient, keys: KeyBuilder): Promise<string | null> {
  let groups: unknown[][];
  try {
    groups = await redis.imalertStreamGroups(keys.jobs);
  } catch (error) {
    if (/no such key/i.test((error as Error).message)) return null;
    throw error;
  }
  if (!groups.length) return null;
  let point: string | null = null;
  const lower = (id: string) => {
    if (point === null || compareIds(id, point) < 0) point = id;
  };
  for (const row of groups) {
    const map: Record<string, unknown> = {};
    for (let i = 0; i + 1 < row.length; i += 2) map[String(row[i])] = row[i + 1];
    // Entries after the last-delivered id have not been read by this group yet; the id itself stays too.
    lower(String(map['last-delivered-id']));
    const [count, oldest] = (await redis.xpending(keys.jobs, String(map.name))) as [number, string | null, string | null, unknown];
    if (Number(count) > 0 && oldest) lower(oldest);
  }
  return point;
}

/**
 * Drops finished entries from the jobs stream (Redis 7.0 has no XTRIM … ACKED): MINID below both the
 * oldest pending entry and the last-delivered id, so a pending or unread job is never dropped.
 * `~` lets Redis drop whole nodes only (cheap); tests ask for exact trimming. Returns entries removed.
 */
export async function trimJobs(redis: RedisClient, keys: KeyBuilder, options: { exact?: boolean } = {}): Promise<number> {
  const point = await safeTrimPoint(redis, keys);
  if (point === null || point === '0-0') return 0;
  return options.exact ? redis.xtrim(keys.jobs, 'MINID', point) : redis.xtrim(keys.jobs, 'MINID', '~', point);
}
