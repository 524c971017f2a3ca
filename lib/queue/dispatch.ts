import type { Redis } from 'ioredis';
import type { KeyBuilder } from '../store/keys';
import { withQueueScripts, type QueueScripts } from './dispatch-script';
import { FireTimeCache } from './fire-times';
import { ScheduleRecordReader } from './schedule-records';

/** A record the controller could not read: moved this far forward, so it is not due at every tick. */
export const UNREADABLE_RETRY_MS = 60_000;

export interface UnreadableRecord {
  id: string;
  error: string;
  json: string;
}

export interface BatchResult {
  /** Monitors read as due (at most the batch size). */
  due: number;
  dispatched: number;
  /** Changed since they were read (another controller, an edit, a delete): left alone. */
  conflicts: number;
  unreadable: UnreadableRecord[];
  /** Monitors the script was asked about (0 means the batch could not make progress). */
  handled: number;
  /** The largest (now − fire time) among the dispatched jobs, ms. */
  maxLagMs: number;
}

/**
 * Dispatches due monitors: reads what is due by score, reads their records, computes fire times once
 * per distinct (cron, time zone), then runs one atomic compare-and-set script for the batch.
 */
export class Dispatcher {
  readonly fireTimes = new FireTimeCache();
  private readonly redis: Redis & QueueScripts;
  private readonly records: ScheduleRecordReader;

  constructor(redis: Redis, private readonly keys: KeyBuilder) {
    this.redis = withQueueScripts(redis);
    this.records = new ScheduleRecordReader(redis, keys, this.fireTimes);
  }

  /** One batch of monitors due at `now` (Redis's clock, ms). Call again while `due` equals the limit. */
  async dispatchDue(now: number, limit: number): Promise<BatchResult> {
    const flat = await this.redis.zrangebyscore(this.keys.schedule, '-inf', now, 'WITHSCORES', 'LIMIT', 0, limit);
    const result: BatchResult = { due: flat.length / 2, dispatched: 0, conflicts: 0, unreadable: [], handled: 0, maxLagMs: 0 };
    if (!flat.length) return result;
    const ids: string[] = [];
    const scores: string[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      ids.push(flat[i]);
      scores.push(flat[i + 1]);
    }
    const records = await this.records.read(ids);
    const args: string[] = [];
    const monitorKeys: string[] = [];
    let minFire = Infinity;
    for (let i = 0; i < ids.length; i++) {
      const record = records[i];
      const id = ids[i];
      const score = Number(scores[i]);
      if (record.state === 'scheduled') {
        const { fire, next } = this.fireTimes.firesFor(record.cron, record.timeZone, now, score);
        if (fire > now) continue; // cannot happen for a score ≤ now; never dispatch early
        if (fire < minFire) minFire = fire;
        args.push('d', id, scores[i], String(fire), String(next));
      } else if (record.state === 'unreadable') {
        result.unreadable.push({ id, error: record.error, json: record.json });
        args.push('b', id, scores[i], '', String(now + UNREADABLE_RETRY_MS));
      } else if (record.state === 'paused') {
        args.push('z', id, scores[i], '', '');
      } else {
        monitorKeys.push(this.keys.monitor(id));
        args.push('r', id, scores[i], '', '');
      }
    }
    if (!args.length) return result;
    result.handled = args.length / 5;
    const keys = [this.keys.schedule, this.keys.jobs, this.keys.lastDispatched, ...monitorKeys];
    const [dispatched, conflicts] = await this.redis.imalertDispatchBatch(keys.length, ...keys, ...args);
    result.dispatched = dispatched;
    result.conflicts = conflicts;
    if (dispatched > 0) result.maxLagMs = now - minFire;
    return result;
  }

  /** The earliest score on the schedule, or undefined when nothing is scheduled. */
  async nextDueScore(): Promise<number | undefined> {
    const [, score] = await this.redis.zrange(this.keys.schedule, 0, 0, 'WITHSCORES');
    return score === undefined ? undefined : Number(score);
  }
}
