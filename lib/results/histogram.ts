import type { RollupPoint } from './types';

/** The duration histogram of a rollup bucket, as lib/lua/include/result-rollups.lua builds it. */
export const HISTOGRAM_RATIO = 1.25;
export const HISTOGRAM_MAX_INDEX = 60;

/** A rollup bucket as the script packs it (see result-rollups.lua for the format). */
export interface BucketStats {
  checks: number;
  failures: number;
  sumMs: number;
  minMs: number;
  maxMs: number;
  skipped: number;
  histogram: Map<number, number>;
}

const PACKED = /^(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\|((?:\d+:\d+)?(?:,\d+:\d+)*)$/;

/** Unpacks a bucket value; undefined when it is not in the expected format. */
export function unpackBucket(value: string): BucketStats | undefined {
  const match = PACKED.exec(value);
  if (!match) return undefined;
  const [checks, failures, sumMs, minMs, maxMs, skipped] = match.slice(1, 7).map(Number);
  const histogram = new Map<number, number>();
  for (const pair of match[7] ? match[7].split(',') : []) {
    const [index, count] = pair.split(':').map(Number);
    histogram.set(index, count);
  }
  return { checks, failures, sumMs, minMs, maxMs, skipped, histogram };
}

/** The histogram bucket of a duration, as the result scripts' hist_index computes it. */
export function histogramIndex(durationMs: number): number {
  if (durationMs < 1) return 0;
  return Math.min(HISTOGRAM_MAX_INDEX, Math.floor(Math.log(durationMs) / Math.log(HISTOGRAM_RATIO)) + 1);
}

/** One run as a bucket's stats (a run the result script has not folded into the rollups yet). */
export function runStats(ok: boolean, durationMs: number): BucketStats {
  return { checks: 1, failures: ok ? 0 : 1, sumMs: durationMs, minMs: durationMs, maxMs: durationMs, skipped: 0, histogram: new Map([[histogramIndex(durationMs), 1]]) };
}

/** The duration range [low, high) of histogram bucket `index`. */
export function bucketRange(index: number): [number, number] {
  if (index <= 0) return [0, 1];
  if (index >= HISTOGRAM_MAX_INDEX) return [HISTOGRAM_RATIO ** (HISTOGRAM_MAX_INDEX - 1), Infinity];
  return [HISTOGRAM_RATIO ** (index - 1), HISTOGRAM_RATIO ** index];
}

/**
 * Estimates the q-quantile (0..1) of the durations: finds the histogram bucket holding that rank and
 * interpolates inside it, clamped to the bucket's real min and max.
 */
export function estimateQuantile(stats: BucketStats, q: number): number | null {
  if (stats.checks === 0) return null;
  const rank = Math.max(1, Math.ceil(q * stats.checks));
  let seen = 0;
  for (const index of [...stats.histogram.keys()].sort((a, b) => a - b)) {
    const count = stats.histogram.get(index) ?? 0;
    if (seen + count >= rank) {
      const [low, high] = bucketRange(index);
      const top = Number.isFinite(high) ? high : stats.maxMs;
      const estimate = low + ((top - low) * (rank - seen)) / count;
      return Math.round(Math.min(stats.maxMs, Math.max(stats.minMs, estimate)));
    }
    seen += count;
  }
  return stats.maxMs;
}

export function toRollupPoint(t: number, stats: BucketStats): RollupPoint {
  const has = stats.checks > 0;
  return {
    t,
    checks: stats.checks,
    failures: stats.failures,
    skipped: stats.skipped,
    avgMs: has ? Math.round(stats.sumMs / stats.checks) : null,
    minMs: has ? stats.minMs : null,
    maxMs: has ? stats.maxMs : null,
    p95Ms: estimateQuantile(stats, 0.95),
  };
}

/** Two buckets' stats as one (the day of a daily point and its hours not yet folded into it). */
export function mergeBucketStats(a: BucketStats, b: BucketStats): BucketStats {
  const histogram = new Map(a.histogram);
  for (const [index, count] of b.histogram) histogram.set(index, (histogram.get(index) ?? 0) + count);
  const minOf = (x: BucketStats, y: BucketStats) => (x.checks === 0 ? y.minMs : y.checks === 0 ? x.minMs : Math.min(x.minMs, y.minMs));
  return {
    checks: a.checks + b.checks,
    failures: a.failures + b.failures,
    sumMs: a.sumMs + b.sumMs,
    minMs: minOf(a, b),
    maxMs: Math.max(a.checks ? a.maxMs : 0, b.checks ? b.maxMs : 0),
    skipped: a.skipped + b.skipped,
    histogram,
  };
}
