import type { KeyBuilder } from '../store/keys';
import { FireTimeCache, type Fires } from './fire-times';
import type { DispatchOp, DispatchReply } from './lua';
import { ScheduleRecordReader } from './schedule-records';
import type { RedisClient } from '../redis';

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A record the controller could not read: moved this far forward, so it is not due at every tick. */
export const UNREADABLE_RETRY_MS = 60_000;

export interface UnreadableRecord {
  id: string;
  error: string;
  json: string;
}

export interface BatchResult {
  /** Monitors read as due (at most batchSize × batches). */
  due: number;
  dispatched: number;
  /** Changed since they were read (another controller, an edit, a delete): left alone. */
  conflicts: number;
  /** Not yet due by Redis's own clock (`now` was an estimate ahead of it): left for the next tick. */
  early: number;
  /** The earliest score on the schedule after the last script ran (undefined: unknown or empty). */
  nextScore?: number;
  unreadable: UnreadableRecord[];
  /** Monitors the script was asked about (0 means the batch could not make progress). */
  handled: number;
  /** About the largest (Redis's time at dispatch − the time it was due: fire time + delay) among the dispatched jobs, ms. */
  maxLagMs: number;
  /** The schedule lag of the dispatched jobs: Redis's time at dispatch − fire time (ms), and how many jobs had it. */
  lags: Array<{ lagMs: number; jobs: number }>;
}

/**
 * Dispatches due monitors: reads what is due by score, reads their records, computes fire times once
 * per distinct (cron, time zone), then runs one atomic compare-and-set script per batch
 * (dispatch-due.lua): one stream entry per job.
 */
export class Dispatcher {
  readonly fireTimes = new FireTimeCache();
  private readonly records: ScheduleRecordReader;

  constructor(private readonly redis: RedisClient, private readonly keys: KeyBuilder) {
    this.records = new ScheduleRecordReader(redis, keys, this.fireTimes);
  }

  /**
   * Up to `batches` × `batchSize` monitors due at `now` (Redis's clock as estimated by the caller, ms;
   * the script checks each fire time against Redis's TIME, so an estimate ahead is harmless), one
   * atomic script per batch. The scripts are pipelined: RedisClient runs one while we prepare the next.
   * Call again while `due` equals the limit. With `beforeFirstScript`, the first batch is read and
   * prepared first and its script waits for it (the controller prepares a fire time's batch just ahead of it).
   */
  async dispatchDue(now: number, batchSize: number, batches = 1, beforeFirstScript?: () => Promise<void>): Promise<BatchResult> {
    const flat = await this.redis.zrangebyscore(this.keys.schedule, '-inf', now, 'WITHSCORES', 'LIMIT', 0, batchSize * batches);
    const result: BatchResult = { due: flat.length / 2, dispatched: 0, conflicts: 0, early: 0, unreadable: [], handled: 0, maxLagMs: 0, lags: [] };
    const chunks: Array<{ ids: string[]; scores: string[] }> = [];
    for (let i = 0; i < flat.length; i += 2) {
      if (i % (2 * batchSize) === 0) chunks.push({ ids: [], scores: [] });
      chunks[chunks.length - 1].ids.push(flat[i]);
      chunks[chunks.length - 1].scores.push(flat[i + 1]);
    }
    const reads = chunks.map((chunk) => this.records.read(chunk.ids)); // all MGETs go out together
    // If one fails we stop at it; the others' failures must not become unhandled rejections.
    for (const read of reads) read.catch(() => undefined);
    const scripts: Array<Promise<DispatchReply>> = [];
    let minFire = Infinity;
    for (let c = 0; c < chunks.length; c++) {
      const { ids, scores } = chunks[c];
      const records = await reads[c];
      // Five arguments per monitor: op, id, expected score, fire time, next score (dispatch-due.lua).
      const ops: string[] = [];
      const op = (name: DispatchOp, id: string, score: string, fire: string, next: string) => ops.push(name, id, score, fire, next);
      let count = 0;
      for (let i = 0; i < ids.length; i++) {
        const record = records[i];
        const id = ids[i];
        if (/\s/.test(id)) continue; // a job entry is "<id> <fire time>": store ids never hold whitespace
        count++;
        const fires = record.state === 'scheduled' ? this.firesOf(record, now, Number(scores[i])) : undefined;
        if (fires && 'fire' in fires) {
          const dueAt = fires.fire + (record.state === 'scheduled' ? record.delayMs : 0);
          if (dueAt < minFire) minFire = dueAt;
          op('dispatch', id, scores[i], String(fires.fire), String(fires.next));
        } else if (record.state === 'unreadable' || fires) {
          // An unreadable record, or a cron that never fires. `json` is what "logged once" compares.
          if (record.state === 'unreadable') result.unreadable.push({ id, error: record.error, json: record.json });
          else result.unreadable.push({ id, error: fires!.error, json: `${record.state}:${fires!.error}` });
          op('postpone', id, scores[i], '', String(now + UNREADABLE_RETRY_MS));
        } else if (record.state === 'paused') {
          op('unschedule', id, scores[i], '', '');
        } else {
          op('drop-if-gone', id, scores[i], '', '');
        }
      }
      if (!count) continue;
      if (beforeFirstScript) {
        await beforeFirstScript(); // prepared ahead of the fire time: sent at the fire time
        beforeFirstScript = undefined;
      }
      result.handled += count;
      const { schedule, jobs, lastDispatched } = this.keys;
      const script = this.redis.imalertDispatchDue(schedule, jobs, lastDispatched, this.keys.monitor(''), ...ops);
      script.catch(() => undefined); // awaited below, unless an MGET fails first
      scripts.push(script);
      if (c < chunks.length - 1) await yieldToIo(); // lets the script go out while we prepare the next
    }
    let redisTime = now;
    for (const [dispatched, conflicts, early, nextScore, time, fireCounts] of await Promise.all(scripts)) {
      redisTime = Math.max(redisTime, time);
      for (let i = 0; i + 1 < fireCounts.length; i += 2) result.lags.push({ lagMs: time - Number(fireCounts[i]), jobs: Number(fireCounts[i + 1]) });
      result.dispatched += dispatched;
      result.conflicts += conflicts;
      result.early += early;
      result.nextScore = nextScore === '' ? undefined : Number(nextScore);
    }
    if (result.dispatched > 0) result.maxLagMs = redisTime - minFire;
    return result;
  }

  /** A cron that parses but never fires (`0 0 30 2 *`) is the monitor's problem, not the batch's. */
  private firesOf(record: { cron: string; timeZone: string; delayMs: number }, now: number, score: number): Fires | { error: string } {
    try {
      return this.fireTimes.firesFor(record.cron, record.timeZone, now, score, record.delayMs);
    } catch (error) {
      return { error: `cron: ${(error as Error).message}` };
    }
  }

  /** The earliest score on the schedule, or undefined when nothing is scheduled. */
  async nextDueScore(): Promise<number | undefined> {
    const [, score] = await this.redis.zrange(this.keys.schedule, 0, 0, 'WITHSCORES');
    return score === undefined ? undefined : Number(score);
  }
}
