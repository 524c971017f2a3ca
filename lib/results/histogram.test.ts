import { describe, expect, it } from 'vitest';
import { loadLua } from '../lua/load';
import { bucketRange, estimateQuantile, HISTOGRAM_MAX_INDEX, HISTOGRAM_RATIO, toRollupPoint, unpackBucket } from './histogram';

describe('rollup bucket values', () => {
  it('unpacks the packed stats and rejects anything else', () => {
    const stats = unpackBucket('4,1,40,2,20,3|4:1,11:2,14:1');
    expect(stats).toMatchObject({ checks: 4, failures: 1, sumMs: 40, minMs: 2, maxMs: 20, skipped: 3 });
    expect([...(stats?.histogram ?? new Map()).entries()]).toEqual([[4, 1], [11, 2], [14, 1]]);
    expect(unpackBucket('0,0,0,0,0,2|')?.skipped).toBe(2);
    expect(unpackBucket('garbage')).toBeUndefined();
    expect(unpackBucket('1,0,5,5,5,0|x:1')).toBeUndefined();
  });

  it('estimates p95 inside the right log bucket, clamped to the real min and max', () => {
    // one sample per bucket 1..20: the 95th percentile (rank 19) lies in bucket 19
    const histogram = new Map(Array.from({ length: 20 }, (_, i) => [i + 1, 1] as [number, number]));
    const [low, high] = bucketRange(19);
    const stats = { checks: 20, failures: 0, sumMs: 0, minMs: 1, maxMs: 1000, skipped: 0, histogram };
    const p95 = estimateQuantile(stats, 0.95) ?? 0;
    expect(p95).toBeGreaterThanOrEqual(Math.floor(low));
    expect(p95).toBeLessThanOrEqual(Math.ceil(high));
    expect(estimateQuantile({ ...stats, maxMs: 30 }, 0.95)).toBe(30);
    expect(estimateQuantile({ ...stats, checks: 0, histogram: new Map() }, 0.95)).toBeNull();
  });

  it('gives null durations for a bucket of skipped jobs only', () => {
    const point = toRollupPoint(0, unpackBucket('0,0,0,0,0,2|')!);
    expect(point).toEqual({ t: 0, checks: 0, failures: 0, skipped: 2, avgMs: null, minMs: null, maxMs: null, p95Ms: null });
  });

  it('reads buckets with the histogram the result scripts build', () => {
    const lua = loadLua('lua/include/result-rollups.lua');
    expect(lua).toMatch(new RegExp(`^local HIST_RATIO = ${HISTOGRAM_RATIO}$`, 'm'));
    expect(lua).toMatch(new RegExp(`^local HIST_MAX = ${HISTOGRAM_MAX_INDEX}$`, 'm'));
  });
});
