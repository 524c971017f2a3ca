import type { CheckResult } from '../checks';
import { resultsStored } from '../queue/dead-letters';
import { prepareJobs } from '../queue/prepare';
import type { HeldJob } from '../queue/job';
import { applyResults, recordSkipped } from '../results';
import { batchDeadlineMs, lockTtlMs } from './deadlines';
import { JobEndings, type FlowOptions } from './job-endings';
import { MonitorCache } from './monitor-cache';
import { BatchFailure } from './pool';
import type { IndexedResults } from './run-batch';
import { sortPrepared, type Runnable } from './readiness';

type Item = { job: HeldJob; isolated: boolean };

/** How often jobs waiting for their monitor's lock try again. */
const LOCK_RETRY_MS = 200;

/**
 * The life of a job inside one worker: take the monitor's lock (or skip, or wait for it), run the
 * check in a batch, store the result, ack. A batch whose thread crashed is run again one job per
 * thread, so only the job that crashes (or hangs) counts a failed delivery; too many and it is
 * buried in the dead letters. Every job stays pending in Redis until it is acked; the jobs of a packed
 * entry are held until the entry is (PackedEntries).
 */
export class JobFlow extends JobEndings {
  done = 0;
  skipped = 0;
  private queue: Item[] = [];
  private takenOver: Item[] = [];
  private waiting: Item[] = [];
  private busySlots = 0;
  private readonly retryTimer: NodeJS.Timeout;
  private readonly monitors: MonitorCache;

  constructor(o: FlowOptions) {
    super(o);
    this.monitors = new MonitorCache(o.ctx, o.ctx.config.WORKER_MONITOR_CACHE);
    this.retryTimer = setInterval(() => this.retryWaiting(), LOCK_RETRY_MS);
    this.retryTimer.unref();
  }

  /**
   * Takes jobs just read or (`takenOver`) claimed from another worker. Taken-over jobs run after the
   * ones read, so redelivered work never holds back the next fire. A job delivered more often than
   * allowed is buried unrun, unless its result is stored.
   */
  add(jobs: HeldJob[], takenOver = false): void {
    const fresh = jobs.filter((job) => !this.held.has(job.key));
    // Every job of a packed entry is tracked before any of them can settle it.
    for (const job of fresh) {
      this.held.set(job.key, job);
      if (job.parts > 1) this.packed.track(job);
    }
    const overdue: HeldJob[] = [];
    for (const job of fresh) {
      if (job.deliveries <= this.o.maxDeliveries) (takenOver ? this.takenOver : this.queue).push({ job, isolated: false });
      else overdue.push(job);
    }
    if (overdue.length) void this.endOverdue(overdue);
    this.pump();
  }

  /** Jobs delivered more often than allowed: acked if their result is stored (they ran), else buried unrun. */
  private async endOverdue(jobs: HeldJob[]): Promise<void> {
    const { ctx } = this.o;
    const stored = await this.persist('read stored results', () => resultsStored(ctx.redis, ctx.keys, jobs));
    if (!stored) return;
    const ran = jobs.filter((_, i) => stored[i]);
    if (ran.length) await this.finish(ran.map((job) => ({ job, locked: false })));
    for (const job of jobs.filter((_, i) => !stored[i])) {
      if (job.parts > 1) void this.failPacked(job, '');
      else void this.bury(job, '', false);
    }
  }

  close(): void {
    this.closed = true;
    clearInterval(this.retryTimer);
    this.wakeReaders();
  }

  /** A job of the same monitor may be waiting for the lock just freed: try again now, not at the next tick. */
  protected lockFreed(monitorId: string): void {
    if (this.waiting.some((item) => item.job.monitorId === monitorId)) queueMicrotask(() => this.retryWaiting());
  }

  private retryWaiting(): void {
    if (!this.waiting.length) return;
    const items = this.waiting.splice(0);
    for (const item of items) if (item.isolated) void this.runAlone(item.job);
    this.queue.unshift(...items.filter((i) => !i.isolated));
    this.pump();
  }

  private pumpScheduled = false;

  /** Pumps once per turn of the event loop, so slots freed together are refilled together. */
  private pump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pumpNow();
    });
  }

  private pumpNow(): void {
    const slots = this.o.maxThreads * this.o.checksPerThread;
    while ((this.queue.length || this.takenOver.length) && this.busySlots < slots && !this.closed) {
      const items = this.queue.splice(0, Math.min(slots - this.busySlots, 500));
      items.push(...this.takenOver.splice(0, Math.min(slots - this.busySlots, 500) - items.length));
      this.busySlots += items.length;
      void this.prepareAndRun(items);
    }
  }

  /** Lock, skip or wait, in one round trip for the whole group; returns what may run. */
  private async prepare(items: Item[]): Promise<Runnable[]> {
    const { ctx, consumer, log } = this.o;
    const readiness = await this.persist('prepare jobs', () => prepareJobs(ctx.redis, ctx.keys, consumer, items.map(({ job }) => job), lockTtlMs(this.o.maxTimeoutMs), (id) => this.monitors.known(id)));
    if (!readiness) return [];
    const sorted = sortPrepared(items.map(({ job }) => job), readiness, this.monitors, log);
    for (const i of sorted.locked) this.waiting.push(items[i]);
    for (const { job, reason, locked } of sorted.skip) void this.skip(job, reason, locked);
    for (const { job, message } of sorted.failed) void this.failedDelivery(job, message);
    if (sorted.gone.length) void this.finish(sorted.gone.map((job) => ({ job, locked: true })));
    return sorted.runnable;
  }

  private async prepareAndRun(items: Item[]): Promise<void> {
    const runnable = await this.prepare(items);
    this.busySlots -= items.length - runnable.length;
    // Batches as big as a thread runs at once: splitting every handoff across the threads would halve
    // the batches each round (64, 32, 16, …) and each handoff costs about as much as four checks.
    const size = this.o.checksPerThread;
    for (let i = 0; i < runnable.length; i += size) void this.runShared(runnable.slice(i, i + size));
    this.pump();
  }

  /** Each result is stored as soon as its check ends, not when the slowest check of its batch does. */
  private async runShared(batch: Runnable[]): Promise<void> {
    const handed = new Set<number>();
    const storing: Array<Promise<void>> = [];
    const onResults = (results: IndexedResults) => {
      for (const [i] of results) handed.add(i);
      storing.push(this.store(results.map(([i]) => batch[i]), results.map(([, result]) => result)));
    };
    try {
      await this.o.pool.runBatch(batch.map((r) => r.openJson), batchDeadlineMs(batch.map((r) => r.monitor), this.o.maxTimeoutMs), onResults);
    } catch (error) {
      this.busySlots -= batch.length;
      this.pump();
      const rest = batch.filter((_, i) => !handed.has(i));
      // Not yet anyone's fault: each job without a result runs again on a thread of its own to find the culprit.
      this.o.log.warn('check batch failed; running its jobs one by one', { jobs: rest.length, error: (error as Error).message });
      for (const { job } of rest) void this.runAlone(job);
      await Promise.all(storing);
      return;
    }
    this.busySlots -= batch.length;
    this.pump();
    await Promise.all(storing);
  }

  protected async runAlone(job: HeldJob): Promise<void> {
    const [runnable] = await this.prepare([{ job, isolated: true }]);
    if (!runnable) return;
    try {
      const result = await this.o.pool.runAlone(runnable.openJson, batchDeadlineMs([runnable.monitor], this.o.maxTimeoutMs));
      await this.store([runnable], [result]);
    } catch (error) {
      if (!(error instanceof BatchFailure)) throw error;
      await this.failedDelivery(job, error.message);
    }
  }

  /** Results, acks and lock releases of a batch in one script call: one round trip per batch. */
  private async store(batch: Runnable[], results: CheckResult[]): Promise<void> {
    const { consumer } = this.o;
    const ackHere = this.packed.ackableIn(batch.map(({ job }) => job));
    const inputs = batch.map(({ job, monitor }, i) => ({
      monitor, job, result: results[i], workerName: consumer, ack: { entryId: job.id, locked: true, later: this.ackedLater(job, ackHere) },
    }));
    // Retried as a whole after a failure: results already applied come back 'stale' and are acked again.
    await this.persist('store results', () => applyResults(this.o.results, inputs));
    for (const { job } of batch) this.jobDone(job);
    this.done += batch.length;
  }

  private async skip(job: HeldJob, reason: string, locked: boolean): Promise<void> {
    await this.persist('record a skipped job', () => recordSkipped(this.o.results, job, reason));
    this.skipped += 1;
    await this.finish([{ job, locked }]);
  }

}

