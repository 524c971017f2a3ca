import { LRUCache } from 'lru-cache';
import { upgradeRecord } from '../monitors';
import { isValidTimeZone } from '../schedule';
import type { KeyBuilder } from '../store/keys';
import type { FireTimeCache } from './fire-times';
import type { RedisClient } from '../redis';

/** What the controller needs of a monitor: its schedule. Everything else is the worker's business. */
export type ScheduleRecord =
  | { state: 'scheduled'; cron: string; timeZone: string }
  | { state: 'paused' }
  | { state: 'missing' }
  | { state: 'unreadable'; error: string; json: string };

const MAX_CACHED = 250_000;

/**
 * Reads the schedule fields of many monitors with one MGET. Parsing is cached per monitor by its
 * JSON text, so an unchanged record is parsed once per process, not once per fire. Only the fields
 * the schedule needs are checked here (a full schema parse per fire would cost the controller more
 * than the dispatch itself); the worker validates the whole record when it runs the check.
 */
export class ScheduleRecordReader {
  private cache = new LRUCache<string, { json: string; record: ScheduleRecord }>({ max: MAX_CACHED });

  constructor(private redis: RedisClient, private keys: KeyBuilder, private fireTimes: FireTimeCache) {}

  async read(ids: string[]): Promise<ScheduleRecord[]> {
    if (!ids.length) return [];
    const values = await this.redis.mget(ids.map((id) => this.keys.monitor(id)));
    return ids.map((id, i) => this.recordOf(id, values[i]));
  }

  private recordOf(id: string, json: string | null): ScheduleRecord {
    if (json === null) {
      this.cache.delete(id);
      return { state: 'missing' };
    }
    const cached = this.cache.get(id);
    if (cached && cached.json === json) return cached.record;
    const record = this.parse(json);
    this.cache.set(id, { json, record });
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
    return { state: 'scheduled', cron, timeZone };
  }
}

function unreadable(error: string, json: string): ScheduleRecord {
  return { state: 'unreadable', error, json };
}
