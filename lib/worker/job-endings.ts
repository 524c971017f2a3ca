import type { AppContext } from '../context';
import type { Logger } from '../log';
import { redeliverToSelf } from '../queue/claim';
import { finishJobs } from '../queue/consume';
import { buryJob, recordDeliveryError } from '../queue/dead-letters';
import type { HeldJob } from '../queue/job';
import { splitEntry } from '../queue/split-entry';
import type { ResultsContext } from '../results';
import { HeldJobs } from './held-jobs';
import { PackedEntries, type SettledEntry } from './packed-entries';
import type { CheckPool } from './pool';
import { persist, sleep } from './retry';

export interface FlowOptions {
  ctx: AppContext;
  /** Where results are written (its own connection: see Worker). */
  results: ResultsContext;
  consumer: string;
  pool: CheckPool;
  log: Logger;
  maxThreads: number;
  checksPerThread: number;
  maxDeliveries: number;
  maxTimeoutMs: number;
}

/**
 * How a worker's jobs end in Redis: acked (a packed entry once all of its jobs are done), retried
 * after a failed delivery, or buried in the dead letters; and when each is let go of. JobFlow runs them.
 */
export abstract class JobEndings extends HeldJobs {
  protected closed = false;
  protected readonly packed = new PackedEntries();

  constructor(protected readonly o: FlowOptions) {
    super();
  }

  /** Runs a job again on a thread of its own (a retry after a failed delivery). */
  protected abstract runAlone(job: HeldJob): Promise<void>;

  /** A monitor's lock was freed: a job of it waiting for the lock may go now. */
  protected abstract lockFreed(monitorId: string): void;

  /** A job is over (result stored, skipped, acked): its entry is let go of with its last job. */
  protected jobDone(job: HeldJob): void {
    if (job.parts === 1) return this.release([job]);
    this.lockFreed(job.monitorId);
    const entry = this.packed.settle(job);
    if (entry) void this.endPacked(entry);
  }

  protected release(jobs: HeldJob[]): void {
    for (const job of jobs) {
      this.held.delete(job.key);
      this.lockFreed(job.monitorId);
    }
    this.wakeReaders();
  }

  /** A job of a packed entry whose other jobs are not all done: its entry is acked later. */
  protected ackedLater(job: HeldJob, ackHere: Set<string>): boolean {
    return job.parts > 1 && !ackHere.has(job.key);
  }

  protected async finish(jobs: Array<{ job: HeldJob; locked: boolean }>): Promise<void> {
    const { ctx, consumer } = this.o;
    const ackHere = this.packed.ackableIn(jobs.map(({ job }) => job));
    const items = jobs.map(({ job, locked }) => ({ job, locked, ack: !this.ackedLater(job, ackHere) }));
    await this.persist('ack jobs', () => finishJobs(ctx.redis, ctx.keys, consumer, items));
    for (const { job } of jobs) this.jobDone(job);
  }

  /** A packed entry whose jobs are all settled: ack it, or split out its failed jobs (splitEntry). */
  protected async endPacked(entry: SettledEntry): Promise<void> {
    const { ctx, consumer, log, maxDeliveries } = this.o;
    if (entry.failed.length) {
      const failed = entry.failed.map(({ job, message }) => ({ job, message, bury: job.deliveries >= maxDeliveries }));
      const ids = await this.persist('split a packed entry', () => splitEntry(ctx.redis, ctx.keys, consumer, entry.id, failed));
      failed.forEach(({ job, message, bury }, i) => {
        if (bury) log.error('job moved to the dead letters', { jobId: job.key, monitorId: job.monitorId, deliveries: job.deliveries, error: message });
        else log.info('failed job put back on the stream on its own', { jobId: job.key, monitorId: job.monitorId, newJobId: ids?.[i] });
      });
    } else if (!entry.acked) {
      await this.persist('ack jobs', () => finishJobs(ctx.redis, ctx.keys, consumer, [{ job: { id: entry.id, monitorId: '' }, locked: false }]));
    }
    this.release(entry.jobs);
  }

  /** A failed job of a packed entry: it is split out of the entry once the entry's other jobs are done. */
  protected async failPacked(job: HeldJob, message: string): Promise<void> {
    const entry = this.packed.settle(job, message);
    if (entry) await this.endPacked(entry);
  }

  /** A crash or a timeout of the job itself: retry it (a new delivery) or, after too many, bury it. */
  protected async failedDelivery(job: HeldJob, message: string): Promise<void> {
    const { ctx, consumer, log } = this.o;
    log.warn('job delivery failed', { jobId: job.key, monitorId: job.monitorId, deliveries: job.deliveries, error: message });
    if (job.parts > 1) return this.failPacked(job, message);
    await this.persist('record the delivery error', () => recordDeliveryError(ctx.redis, ctx.keys, job.id, message));
    if (job.deliveries >= this.o.maxDeliveries) return this.bury(job, message, true);
    await sleep(Math.min(250 * 2 ** (job.deliveries - 1), 5000));
    if (this.closed) return; // left pending: another worker takes it over
    const again = await this.persist('redeliver a job', () => redeliverToSelf(ctx.redis, ctx.keys, consumer, job));
    if (!again) return this.finish([{ job, locked: true }]); // acked or trimmed meanwhile
    this.held.set(job.key, again);
    await this.runAlone(again);
  }

  protected async bury(job: HeldJob, message: string, locked: boolean): Promise<void> {
    const { ctx, consumer, log } = this.o;
    await this.persist('move a job to the dead letters', () => buryJob(ctx.redis, ctx.keys, consumer, job, message, locked));
    log.error('job moved to the dead letters', { jobId: job.id, monitorId: job.monitorId, deliveries: job.deliveries, error: message });
    this.release([job]);
  }

  protected persist<T>(what: string, step: () => Promise<T>): Promise<T | undefined> {
    return persist(what, step, () => this.closed, this.o.log);
  }
}
