import { Counter, type Registry } from 'prom-client';
import { BatchHistogram } from './batch-histogram';
import { SCHEDULE_LAG_BUCKETS } from './registry';

/** The controller's metrics: jobs dispatched and how late after their fire time, counted per batch. */
export class DispatchMetrics {
  private readonly dispatched: Counter;
  private readonly lag: BatchHistogram;

  constructor(registry: Registry) {
    this.dispatched = new Counter({ name: 'imalert_jobs_dispatched_total', help: 'Jobs the controller put on the jobs stream for their fire time.', registers: [registry] });
    this.lag = new BatchHistogram('imalert_schedule_lag_seconds', "Redis's time when a job was dispatched minus its fire time.", SCHEDULE_LAG_BUCKETS, [], registry);
  }

  recordBatch(batch: { dispatched: number; lags: Array<{ lagMs: number; jobs: number }> }): void {
    if (batch.dispatched > 0) this.dispatched.inc(batch.dispatched);
    for (const { lagMs, jobs } of batch.lags) this.lag.observe({}, Math.max(0, lagMs) / 1000, jobs);
  }
}
