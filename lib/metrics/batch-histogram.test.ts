import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../../test/support/prometheus-text';
import { BatchHistogram } from './batch-histogram';

// Observations counted in batches must read exactly as prom-client's own histogram reads the same ones.
const BUCKETS = [0.01, 0.1, 1, 10];
/** The samples, label order aside (the format leaves it free). */
const samples = (text: string) => parsePrometheusText(text)
  .map(({ name, labels, value }) => `${name}${JSON.stringify(Object.fromEntries(Object.entries(labels).sort()))} ${value}`).sort();

describe('BatchHistogram', () => {
  it("writes the text format prom-client's Histogram writes for the same observations", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const batch = new BatchHistogram('lag_seconds', 'lag', BUCKETS, ['kind'], ours);
    const reference = new Histogram({ name: 'lag_seconds', help: 'lag', labelNames: ['kind'], buckets: BUCKETS, registers: [theirs] });
    const values = [0.005, 0.01, 0.5, 0.5, 3, 10, 42];
    batch.observeEach({ kind: 'tcp' }, values);
    batch.observe({ kind: 'http' }, 0.2, 3);
    for (const value of values) reference.observe({ kind: 'tcp' }, value);
    for (let i = 0; i < 3; i++) reference.observe({ kind: 'http' }, 0.2);
    expect(samples(await ours.metrics())).toEqual(samples(await theirs.metrics()));
    expect(samples(await ours.metrics())).toHaveLength(2 * (BUCKETS.length + 3));
  });

  it('shows an unlabelled histogram at zero before its first observation, and ignores values that are not numbers', async () => {
    const registry = new Registry();
    const batch = new BatchHistogram('idle_seconds', 'idle', BUCKETS, [], registry);
    batch.observe({}, Number.NaN, 5);
    batch.observe({}, 1, 0);
    const text = await registry.metrics();
    expect(text).toContain('idle_seconds_bucket{le="+Inf"} 0');
    expect(text).toContain('idle_seconds_count 0');
  });
});
