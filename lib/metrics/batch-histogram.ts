import type { Registry } from 'prom-client';

type Labels = Record<string, string>;

interface Series {
  labels: Labels;
  buckets: number[]; // per upper bound, not cumulative; the last one is +Inf
  sum: number;
  count: number;
}

/**
 * A Prometheus histogram that takes many observations of one value at once. prom-client's takes one
 * value per call and hashes its labels each time; a dispatch batch or a batch of results brings
 * thousands of values that share a few labels (and, for the lag, a few values), counted here in one step.
 * It registers like any prom-client metric, so the text format and the launcher's aggregation treat it alike.
 */
export class BatchHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series>();

  constructor(readonly name: string, readonly help: string, private readonly upperBounds: readonly number[], private readonly labelNames: readonly string[], registry: Registry) {
    registry.registerMetric(this as never);
    if (labelNames.length === 0) this.seriesOf({}); // shown from the start, at zero
  }

  private seriesOf(labels: Labels): Series {
    const key = this.labelNames.map((name) => labels[name] ?? '').join('\u0000');
    let series = this.series.get(key);
    if (!series) {
      series = { labels: { ...labels }, buckets: new Array<number>(this.upperBounds.length + 1).fill(0), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    return series;
  }

  /** Counts `count` observations of `value` (seconds) under these labels. */
  observe(labels: Labels, value: number, count = 1): void {
    if (count > 0 && Number.isFinite(value)) this.add(this.seriesOf(labels), value, count);
  }

  /** Counts one observation of each value (seconds) under these labels: the labels are looked up once. */
  observeEach(labels: Labels, values: readonly number[]): void {
    const series = this.seriesOf(labels);
    for (const value of values) if (Number.isFinite(value)) this.add(series, value, 1);
  }

  private add(series: Series, value: number, count: number): void {
    let bucket = 0;
    while (bucket < this.upperBounds.length && value > this.upperBounds[bucket]) bucket++;
    series.buckets[bucket] += count;
    series.sum += value * count;
    series.count += count;
  }

  /** What prom-client's registry reads (its Histogram's shape): cumulative buckets, then _sum and _count. */
  async get() {
    const values: Array<{ labels: Record<string, string | number>; value: number; metricName: string }> = [];
    for (const { labels, buckets, sum, count } of this.series.values()) {
      let cumulative = 0;
      buckets.forEach((inBucket, i) => {
        cumulative += inBucket;
        const le = i < this.upperBounds.length ? this.upperBounds[i] : '+Inf';
        values.push({ labels: { ...labels, le }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({ labels, value: sum, metricName: `${this.name}_sum` }, { labels, value: count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  reset(): void {
    this.series.clear();
  }
}
