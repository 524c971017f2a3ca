import { LRUCache } from 'lru-cache';
import { runDelayMsOf, upgradeRecord } from '../monitors';
import { isValidTimeZone } from '../schedule';
import type { KeyBuilder } from '../store/keys';
import type { FireTimeCache } from './fire-times';
import type { RedisClient } from '../redis';

/** What the controller needs of a monitor: its schedule. Everything else is the worker's business. */
export type ScheduleRecord =
  /** delayMs: how long after each fire time it runs (a Did It Run's grace; 0 for the other kinds). */
  | { state: 'scheduled'; cron: string; timeZone: string; delayMs: number }
  | { state: 'paused' }
  | { state: 'missing' }
  | { state: 'unreadable'; error: string; json: string };

const MAX_CACHED = 250_000;

/** A parsed record, the text it was parsed from and its write number (monitorVersions; null: none kept). */
type Parsed = { json: string; version: string | null; record: ScheduleRecord };

/**
 * Reads the schedule fields of many monitors. Parsing is cached per monitor, so an unchanged record is
 * parsed once per process, not once per fire; the records' write numbers say which are unchanged, so only
 * new or edited records are read (a record without a write number is read and compared by its text).
 * Only the fields the schedule needs are checked here (a full schema parse per fire would cost the
 * controller more than the dispatch itself); the worker validates the whole record when it runs the check.
 * Kept: an A/B showed ≥ 10 % less controller CPU per dispatched job than reading every record (docs/performance.md).
 */
export class ScheduleRecordReader {
  private cache = new LRUCache<string, Parsed>({ max: MAX_CACHED });

  constructor(private redis: RedisClient, private keys: KeyBuilder, private fireTimes: FireTimeCache) {}

  async read(ids: string[]): Promise<ScheduleRecord[]> {
    if (!ids.length) return [];
    const monitorKey = (id: string) => this.keys.monitor(id);
    // Copies held now: the records of the others go out with the write numbers, in one round trip.
    const copies = ids.map((id) => this.cache.get(id));
    const unknown = ids.filter((_, i) => !copies[i]);
    const [versions, read] = await Promise.all([
      this.redis.hmget(this.keys.monitorVersions, ...ids),
      unknown.length ? this.redis.mget(unknown.map(monitorKey)) : Promise.resolve([]),
    ]);
    const texts = new Map(unknown.map((id, k) => [id, read[k]]));
    // A copy of another write (an edit, or no write number to tell): its record now.
    const outdated = ids.filter((id, i) => copies[i] && (versions[i] === null || versions[i] !== copies[i]!.version));
    if (outdated.length) (await this.redis.mget(outdated.map(monitorKey))).forEach((json, k) => texts.set(outdated[k], json));
    return ids.map((id, i) => (texts.has(id) ? this.recordOf(id, texts.get(id)!, versions[i]) : copies[i]!.record));
  }

  private recordOf(id: string, json: string | null, version: string | null): ScheduleRecord {
    if (json === null) {
      this.cache.delete(id);
      return { state: 'missing' };
    }
    const cached = this.cache.get(id);
    if (cached && cached.json === json) {
      cached.version = version;
      return cached.record;
    }
    const record = this.parse(json);
    this.cache.set(id, { json, version, record });
    return record;
  }

  private parse(json: string): ScheduleRecord {
    let raw: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(json);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return unreadable('not a JSON object', json);
      raw = upgradeRecord(parsed as Record<string, unknown>);
    } catch (error) {
      return unreadable(error instanceof SyntaxError ? 'not valid JSON' : (error as Error).message, json);
    }
    const { cron, timeZone, enabled } = raw;
    if (typeof enabled !== 'boolean') return unreadable('enabled: expected a boolean', json);
    if (!enabled) return { state: 'paused' };
    if (typeof cron !== 'string') return unreadable('cron: expected a string', json);
    if (typeof timeZone !== 'string' || !isValidTimeZone(timeZone)) return unreadable(`timeZone: unknown time zone ${JSON.stringify(timeZone)}`, json);
    try {
      this.fireTimes.parse(cron);
    } catch (error) {
      return unreadable(`cron: ${(error as Error).message}`, json);
    }
    const delayMs = runDelayMsOf(raw);
    if (delayMs === undefined) return unreadable('graceSeconds: expected a whole number of seconds', json);
    return { state: 'scheduled', cron, timeZone, delayMs };
  }
}

function unreadable(error: string, json: string): ScheduleRecord {
  return { state: 'unreadable', error, json };
}
