import type { ChainableCommander } from 'ioredis';
import { isRedisOutOfMemory } from '../redis';
import type { ResultsContext } from './apply';
import { mergeBucketStats, runStats, toRollupPoint, unpackBucket, type BucketStats } from './histogram';
import { HISTORY_MARK_FIELDS, historyMarks } from './state-schema';
import {
  incidentSchema, monitorStateSchema, runEntrySchema,
  type Incident, type RollupPeriod, type RollupPoint, type RunEntry, type StateEntry, type StatusCounts, type Uptime,
} from './types';

/** Readers for the UI. Each costs one round trip (a pipeline for many monitors). */
type ReadContext = Pick<ResultsContext, 'redis' | 'keys'>;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Which rollup serves a period, and how many buckets (the current one included) it spans. */
const PERIODS: Record<RollupPeriod, { daily: boolean; size: number; count: number }> = {
  '24h': { daily: false, size: HOUR, count: 24 },
  '7d': { daily: false, size: HOUR, count: 7 * 24 },
  '90d': { daily: true, size: DAY, count: 90 },
};

function bucketFields(period: RollupPeriod, nowMs: number): string[] {
  const { size, count } = PERIODS[period];
  const current = nowMs - (nowMs % size);
  return Array.from({ length: count }, (_, i) => String(current - (count - 1 - i) * size));
}

function rollupKey(ctx: ReadContext, id: string, period: RollupPeriod): string {
  return PERIODS[period].daily ? ctx.keys.rollupDaily(id) : ctx.keys.rollupHourly(id);
}

/** States of many monitors, in the order asked; a malformed state is an error for that id only. */
export async function getStates(ctx: ReadContext, ids: string[]): Promise<StateEntry[]> {
  if (!ids.length) return [];
  const pipeline = ctx.redis.pipeline();
  for (const id of ids) pipeline.hgetall(ctx.keys.state(id));
  const replies = (await pipeline.exec()) ?? [];
  return ids.map((id, i) => {
    const [error, hash] = replies[i] ?? [new Error('no reply'), null];
    if (error) return { id, error: `state of ${id} could not be read: ${error.message}` };
    const fields = hash as Record<string, string>;
    if (!fields || Object.keys(fields).length === 0) return { id, error: 'no state (monitor deleted?)' };
    const parsed = monitorStateSchema.safeParse(fields);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'state'}: ${issue.message}`).join('; ');
      return { id, error: `state of ${id} is unreadable: ${detail}` };
    }
    return { id, state: parsed.data };
  });
}

/** Raw runs (and skipped jobs) since a time, newest first. Unreadable entries are left out. */
export async function getRuns(ctx: ReadContext, id: string, sinceMs: number, limit = 500): Promise<RunEntry[]> {
  const members = await ctx.redis.zrevrangebyscore(ctx.keys.runs(id), '+inf', sinceMs, 'LIMIT', 0, limit);
  return members.flatMap((member) => {
    try {
      const parsed = runEntrySchema.safeParse(JSON.parse(member));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}

/** A run member of keys.runs as the result script folds it: a check that ran (skipped jobs have no ok). */
function runOf(member: string): { t: number; ok: boolean; d: number } | undefined {
  try {
    const parsed = runEntrySchema.safeParse(JSON.parse(member));
    if (!parsed.success || parsed.data.ok === undefined || parsed.data.d === undefined) return undefined;
    return { t: parsed.data.t, ok: parsed.data.ok, d: parsed.data.d };
  } catch {
    return undefined;
  }
}

/**
 * The buckets of a period for many monitors, in two round trips: bucket start -> stats, per monitor.
 * The result script folds runs into the rollups many at a time, so the runs after the state's rolledTo
 * are added here from the raw runs (at most a few minutes' worth). A daily period also adds the hours
 * not yet folded into their day (from the state's dailyFrom on: the result script folds an hour into
 * its day when the next hour starts). Buckets and state are read in one MULTI, so a fold in between
 * can neither hide nor double a run. Malformed buckets and runs are left out.
 */
async function readBuckets(ctx: ReadContext, ids: string[], period: RollupPeriod, nowMs: number): Promise<Array<Map<number, BucketStats>>> {
  const fields = bucketFields(period, nowMs);
  const { daily, size } = PERIODS[period];
  const [first, last] = [Number(fields[0]), Number(fields[fields.length - 1])];
  const queue = (read: ChainableCommander) => {
    for (const id of ids) {
      read.hmget(rollupKey(ctx, id, period), ...fields).hmget(ctx.keys.state(id), ...HISTORY_MARK_FIELDS);
      if (daily) read.hgetall(ctx.keys.rollupHourly(id));
    }
    return read.exec();
  };
  // Redis refuses MULTI when out of memory; then nothing folds either, so a plain pipeline reads the same.
  const replies = ids.length
    ? ((await queue(ctx.redis.multi()).catch((error) => {
      if (!isRedisOutOfMemory(error)) throw error;
      return queue(ctx.redis.pipeline());
    })) ?? [])
    : [];
  const width = daily ? 3 : 2;
  const add = (buckets: Map<number, BucketStats>, at: number, stats: BucketStats) => {
    const bucket = at - (at % size);
    if (bucket < first || bucket > last) return;
    const known = buckets.get(bucket);
    buckets.set(bucket, known ? mergeBucketStats(known, stats) : stats);
  };
  const unfolded = ctx.redis.pipeline();
  const withRuns: number[] = []; // the monitors whose unfolded runs are read, in pipeline order
  const all = ids.map((id, i) => {
    const buckets = new Map<number, BucketStats>();
    const [error, values] = replies[i * width] ?? [null, []];
    if (error) return buckets;
    fields.forEach((field, j) => {
      const stats = (values as (string | null)[])?.[j] ? unpackBucket((values as string[])[j]) : undefined;
      if (stats) buckets.set(Number(field), stats);
    });
    const { dailyFrom, rolledTo, unrolled } = historyMarks((replies[i * width + 1]?.[1] ?? []) as Array<string | null>);
    if ((unrolled ?? 0) > 0 && rolledTo !== undefined) {
      unfolded.zrangebyscore(ctx.keys.runs(id), `(${rolledTo}`, '+inf');
      withRuns.push(i);
    }
    if (daily) {
      const hours = (replies[i * width + 2]?.[1] ?? {}) as Record<string, string>;
      for (const [name, value] of Object.entries(hours)) {
        const stats = unpackBucket(value);
        // No dailyFrom: every hour is in its day already.
        if (dailyFrom !== undefined && Number(name) >= dailyFrom && stats) add(buckets, Number(name), stats);
      }
    }
    return buckets;
  });
  const runs = withRuns.length ? ((await unfolded.exec()) ?? []) : [];
  withRuns.forEach((i, k) => {
    const [error, members] = runs[k] ?? [null, null];
    if (error || !Array.isArray(members)) return;
    for (const member of members as string[]) {
      const run = runOf(member);
      if (run) add(all[i], run.t, runStats(run.ok, run.d));
    }
  });
  return all;
}

/** Chart points, oldest first: hourly for 24 h and 7 d, daily for 90 d. Empty buckets are left out. */
export async function getRollups(ctx: ReadContext, id: string, period: RollupPeriod, nowMs = Date.now()): Promise<RollupPoint[]> {
  const [buckets] = await readBuckets(ctx, [id], period, nowMs);
  return [...buckets.entries()].sort(([a], [b]) => a - b).map(([t, stats]) => toRollupPoint(t, stats));
}

/** Uptime of a page of monitors over a period, in one pipeline. */
export async function getUptime(ctx: ReadContext, ids: string[], period: RollupPeriod = '24h', nowMs = Date.now()): Promise<Record<string, Uptime>> {
  const all = await readBuckets(ctx, ids, period, nowMs);
  const out: Record<string, Uptime> = {};
  ids.forEach((id, i) => {
    let checks = 0;
    let failures = 0;
    for (const stats of all[i].values()) {
      checks += stats.checks;
      failures += stats.failures;
    }
    out[id] = { checks, failures, uptimePct: checks ? ((checks - failures) / checks) * 100 : null };
  });
  return out;
}

/** Down periods, newest first; an open incident has end null. */
export async function getIncidents(ctx: ReadContext, id: string, limit = 50): Promise<Incident[]> {
  const members = await ctx.redis.lrange(ctx.keys.incidents(id), 0, limit - 1);
  return members.flatMap((member) => {
    try {
      const parsed = incidentSchema.safeParse(JSON.parse(member));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}

/** How many monitors are pending, up, down (the result script keeps these sets) and paused. */
export async function statusCounts(ctx: ReadContext): Promise<StatusCounts> {
  const { keys } = ctx;
  const pipeline = ctx.redis.pipeline();
  pipeline.scard(keys.indexByStatus('pending'));
  pipeline.scard(keys.indexByStatus('up'));
  pipeline.scard(keys.indexByStatus('down'));
  pipeline.scard(keys.indexPaused);
  const replies = (await pipeline.exec()) ?? [];
  const count = (i: number) => {
    const [error, value] = replies[i] ?? [null, 0];
    if (error) throw error;
    return Number(value);
  };
  return { pending: count(0), up: count(1), down: count(2), paused: count(3) };
}
