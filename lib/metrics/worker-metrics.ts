import { Counter, Gauge, type Registry } from 'prom-client';
import type { CheckResult } from '../checks/types';
import { MONITOR_KINDS } from '../monitors/registry';
import { BatchHistogram } from './batch-histogram';
import { CHECK_DURATION_BUCKETS } from './registry';

/** Why a job was delivered again: its run failed (a crash or a timeout), its worker died, it sat idle past the visibility timeout. */
export type RedeliveryReason = 'failed' | 'dead_worker' | 'idle';

/** A worker's metrics, counted per batch of results; the jobs it holds are read when Prometheus scrapes. */
export class WorkerMetrics {
  private readonly checks: Counter;
  private readonly duration: BatchHistogram;
  private readonly redeliveries: Counter;
  private readonly deadLettered: Counter;
  private readonly skipped: Counter;

  constructor(registry: Registry, jobsHeld: () => number = () => 0) {
    this.checks = new Counter({ name: 'imalert_checks_total', help: 'Checks run, by kind and outcome (passed or failed).', labelNames: ['kind', 'outcome'], registers: [registry] });
    for (const kind of MONITOR_KINDS) for (const outcome of ['passed', 'failed']) this.checks.inc({ kind, outcome }, 0);
    this.duration = new BatchHistogram('imalert_check_duration_seconds', 'How long a check took, by kind.', CHECK_DURATION_BUCKETS, ['kind'], registry);
    this.redeliveries = new Counter({
      name: 'imalert_job_redeliveries_total', help: 'Jobs delivered again: after a failed run (crash or timeout), from a dead worker, or idle past the visibility timeout.',
      labelNames: ['reason'], registers: [registry],
    });
    for (const reason of ['failed', 'dead_worker', 'idle']) this.redeliveries.inc({ reason }, 0);
    this.deadLettered = new Counter({ name: 'imalert_jobs_dead_lettered_total', help: 'Jobs moved to the dead letters after too many failed deliveries.', registers: [registry] });
    this.skipped = new Counter({ name: 'imalert_jobs_skipped_total', help: 'Jobs not run: a later fire time was already dispatched, or the monitor is paused.', registers: [registry] });
    new Gauge({
      name: 'imalert_worker_jobs_held', help: 'Jobs this worker holds: running, or waiting for a thread or for their monitor.', registers: [registry],
      collect() {
        this.set(jobsHeld());
      },
    });
  }

  /** One batch of results: one counter step per kind and outcome, the durations grouped by kind. */
  recordResults(kinds: readonly string[], results: readonly CheckResult[]): void {
    const byKind = new Map<string, { passed: number; failed: number; seconds: number[] }>();
    results.forEach((result, i) => {
      let kind = byKind.get(kinds[i]);
      if (!kind) byKind.set(kinds[i], (kind = { passed: 0, failed: 0, seconds: [] }));
      if (result.ok) kind.passed++;
      else kind.failed++;
      kind.seconds.push(Math.max(0, result.durationMs) / 1000);
    });
    for (const [kind, { passed, failed, seconds }] of byKind) {
      if (passed) this.checks.inc({ kind, outcome: 'passed' }, passed);
      if (failed) this.checks.inc({ kind, outcome: 'failed' }, failed);
      this.duration.observeEach({ kind }, seconds);
    }
  }

  recordRedeliveries(reason: RedeliveryReason, jobs: number): void {
    if (jobs > 0) this.redeliveries.inc({ reason }, jobs);
  }

  recordDeadLettered(): void {
    this.deadLettered.inc();
  }

  recordSkipped(): void {
    this.skipped.inc();
  }
}
