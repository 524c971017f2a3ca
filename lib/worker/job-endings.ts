import { backoffMs } from '../backoff';
import type { CheckResult } from '../checks';
import type { AppContext } from '../context';
import type { Logger } from '../log';
import type { WorkerMetrics } from '../metrics/worker-metrics';
import type { MaintenanceView } from '../maintenance/worker-view';
import { redeliverToSelf } from '../queue/claim';
import { finishJobs } from '../queue/consume';
import { buryJob, recordDeliveryError, resultsStored } from '../queue/dead-letters';
import type { HeldJob } from '../queue/job';
import { applyResults, recordSkipped, type ResultsContext } from '../results';
import type { Runnable } from './readiness';
import { sleep, type RetryForever } from './retry';

export interface EndingOptions {
  ctx: AppContext;
  /** Where results are written (its own connection: see Worker). */
  results: ResultsContext;
  consumer: string;
  log: Logger;
  maxDeliveries: number;
  metrics: WorkerMetrics;
  /** The maintenance windows as this worker knows them (none given: no monitor is in maintenance). */
  maintenance?: Pick<MaintenanceView, 'until'>;
}

/** A job, and whether this delivery of it holds its monitor's lock (freed when the job ends). */
export type Ending = { job: HeldJob; locked: boolean };

/**
 * How a worker's jobs end in Redis: acked (with their result stored, skipped, or with nothing to
 * store), delivered again after a failed run, or buried in the dead letters. Each step is retried
 * until it is done or the worker stops; what is not done then stays pending for another worker.
 */
export class JobEndings {
  constructor(private readonly options: EndingOptions, private readonly retryForever: RetryForever, private readonly stopped: () => boolean) {}

  /** Acks jobs with nothing (more) to store and frees the locks they hold. */
  async ack(endings: Ending[]): Promise<void> {
    const { ctx, consumer } = this.options;
    await this.retryForever('ack jobs', () => finishJobs(ctx.redis, ctx.keys, consumer, endings));
  }

  /** Results, acks and lock releases of a batch in one script call: one round trip per batch. */
  async storeResults(batch: Runnable[], results: CheckResult[]): Promise<void> {
    const { consumer: workerName, maintenance } = this.options;
    const inputs = batch.map(({ job, monitor }, i) => ({
      monitor, job, result: results[i], workerName, ack: { entryId: job.id, locked: true }, maintenanceUntil: maintenance?.until(monitor) ?? null,
    }));
    // Retried as a whole after a failure: results already applied come back 'stale' and are acked again.
    await this.retryForever('store results', () => applyResults(this.options.results, inputs));
  }

  /** Records a job that was not run, and why, then acks it. */
  async skip(job: HeldJob, reason: string, locked: boolean): Promise<void> {
    await this.retryForever('record a skipped job', () => recordSkipped(this.options.results, job, reason));
    await this.ack([{ job, locked }]);
  }

  /**
   * A crash or a timeout of the job itself. Returns the job delivered to this worker again, after a
   * backoff, to run alone; or undefined when it is over here: buried after too many deliveries, acked
   * meanwhile, or left pending for another worker because this one stops.
   */
  async failedDelivery(job: HeldJob, message: string): Promise<HeldJob | undefined> {
    const { ctx, consumer, log, maxDeliveries } = this.options;
    log.warn('job delivery failed', { jobId: job.id, monitorId: job.monitorId, deliveries: job.deliveries, error: message });
    await this.retryForever('record the delivery error', () => recordDeliveryError(ctx.redis, ctx.keys, job.id, message));
    if (job.deliveries >= maxDeliveries) {
      await this.bury(job, message, true);
      return undefined;
    }
    await sleep(backoffMs(job.deliveries, { baseMs: 250, maxMs: 5000 }));
    if (this.stopped()) return undefined;
    const again = await this.retryForever('redeliver a job', () => redeliverToSelf(ctx.redis, ctx.keys, consumer, job));
    // Null: acked or trimmed meanwhile, so only the lock this delivery took is left to free.
    if (again === null) await this.ack([{ job, locked: true }]);
    else if (again) this.options.metrics.recordRedeliveries('failed', 1);
    return again ?? undefined;
  }

  /** Moves a job to the dead letters, acking it (and freeing its monitor's lock when `locked`). */
  async bury(job: HeldJob, message: string, locked: boolean): Promise<void> {
    const { ctx, consumer, log } = this.options;
    const buried = await this.retryForever('move a job to the dead letters', async () => {
      await buryJob(ctx.redis, ctx.keys, consumer, job, message, locked);
      return true;
    });
    if (!buried) return;
    this.options.metrics.recordDeadLettered();
    log.error('job moved to the dead letters', { jobId: job.id, monitorId: job.monitorId, deliveries: job.deliveries, error: message });
  }

  /** Jobs delivered more often than allowed: acked if their result is stored (they ran), else buried unrun. */
  async endOverdue(jobs: HeldJob[]): Promise<void> {
    const { ctx } = this.options;
    const stored = await this.retryForever('read stored results', () => resultsStored(ctx.redis, ctx.keys, jobs));
    if (!stored) return;
    const ran = jobs.filter((_, i) => stored[i]);
    if (ran.length) await this.ack(ran.map((job) => ({ job, locked: false })));
    await Promise.all(jobs.filter((_, i) => !stored[i]).map((job) => this.bury(job, '', false)));
  }
}
