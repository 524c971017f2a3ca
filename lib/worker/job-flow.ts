import type { CheckResult } from '../checks';
import type { HeldJob } from '../queue/job';
import { prepareJobs } from '../queue/prepare';
import { batchDeadlineMs, lockTtlMs } from './deadlines';
import { HeldJobs } from './held-jobs';
import { JobEndings, type EndingOptions } from './job-endings';
import { MonitorCache } from './monitor-cache';
import type { CheckPool } from './pool';
import { sortPrepared, type Runnable } from './readiness';
import { retryForeverUnless, type RetryForever } from './retry';
import type { IndexedResults } from './run-batch';

/** A job on its way to a thread; `isolated`: it runs on a thread of its own (a retry after a failure). */
type Item = { job: HeldJob; isolated: boolean };

/** How often jobs waiting for their monitor's lock try again. */
const LOCK_RETRY_MS = 200;
/** Jobs prepared in one round trip at most, so one group never holds the others back for long. */
const PREPARE_AT_ONCE = 500;

export interface FlowOptions extends EndingOptions {
  pool: CheckPool;
  maxThreads: number;
  checksPerThread: number;
  maxTimeoutMs: number;
}

/**
 * The life of a job inside one worker: take the monitor's lock (or skip, or wait for it), run the
 * check in a batch, store the result, ack (JobEndings does the Redis side). A batch whose thread
 * crashed is run again one job per thread, so only the job that crashes (or hangs) counts a failed
 * delivery; too many and it is buried in the dead letters. Every job stays pending in Redis until it
 * is acked; `held` tracks them meanwhile.
 */
export class JobFlow {
  readonly held = new HeldJobs();
  done = 0;
  skipped = 0;
  private closed = false;
  private readonly retryForever: RetryForever;
  private readonly endings: JobEndings;
  private readonly monitors: MonitorCache;
  private readonly read: Item[] = [];
  private readonly takenOver: Item[] = [];
  private waiting: Item[] = [];
  private busySlots = 0;
  private pumpScheduled = false;
  private readonly lockRetryTimer: NodeJS.Timeout;

  constructor(private readonly options: FlowOptions) {
    const stopped = () => this.closed;
    this.retryForever = retryForeverUnless(stopped, options.log);
    this.endings = new JobEndings(options, this.retryForever, stopped);
    this.monitors = new MonitorCache(options.ctx, options.ctx.config.WORKER_MONITOR_CACHE);
    this.lockRetryTimer = setInterval(() => this.retryWaiting(), LOCK_RETRY_MS);
    this.lockRetryTimer.unref();
  }

  /**
   * Takes jobs just read or (`takenOver`) claimed from another worker. Taken-over jobs run after the
   * ones read, so redelivered work never holds back the next fire. A job delivered more often than
   * allowed is buried unrun, unless its result is stored.
   */
  add(jobs: HeldJob[], takenOver = false): void {
    const overdue: HeldJob[] = [];
    for (const job of jobs) {
      if (this.held.has(job.id)) continue;
      this.held.hold(job);
      if (job.deliveries > this.options.maxDeliveries) overdue.push(job);
      else (takenOver ? this.takenOver : this.read).push({ job, isolated: false });
    }
    if (overdue.length) void this.endings.endOverdue(overdue).then(() => this.letGo(overdue));
    this.pump();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.lockRetryTimer);
    this.held.wakeReaders();
  }

  /** The jobs are over for this worker; a job waiting for a lock they freed tries again now, not at the next tick. */
  private letGo(jobs: HeldJob[]): void {
    const freed = new Set<string>();
    for (const job of jobs) {
      this.held.letGo(job.id);
      freed.add(job.monitorId);
    }
    if (this.waiting.some((item) => freed.has(item.job.monitorId))) queueMicrotask(() => this.retryWaiting());
  }

  private retryWaiting(): void {
    if (!this.waiting.length) return;
    const items = this.waiting.splice(0);
    for (const item of items) if (item.isolated) void this.runAlone(item.job);
    this.read.unshift(...items.filter((item) => !item.isolated));
    this.pump();
  }

  /** Pumps once per turn of the event loop, so slots freed together are refilled together. */
  private pump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.fillSlots();
    });
  }

  private fillSlots(): void {
    const slots = this.options.maxThreads * this.options.checksPerThread;
    while ((this.read.length || this.takenOver.length) && this.busySlots < slots && !this.closed) {
      const room = Math.min(slots - this.busySlots, PREPARE_AT_ONCE);
      const items = this.read.splice(0, room);
      items.push(...this.takenOver.splice(0, room - items.length));
      this.busySlots += items.length;
      void this.prepareAndRun(items);
    }
  }

  /** Lock, skip or wait, in one round trip for the whole group; returns what may run. */
  private async prepare(items: Item[]): Promise<Runnable[]> {
    const { ctx, consumer, log, maxTimeoutMs } = this.options;
    const jobs = items.map(({ job }) => job);
    const readiness = await this.retryForever('prepare jobs', () => prepareJobs(ctx.redis, ctx.keys, consumer, jobs, lockTtlMs(maxTimeoutMs), (id) => this.monitors.known(id)));
    if (!readiness) return [];
    const sorted = sortPrepared(jobs, readiness, this.monitors, log);
    for (const i of sorted.locked) this.waiting.push(items[i]);
    for (const { job, reason, locked } of sorted.skip) void this.skip(job, reason, locked);
    for (const { job, message } of sorted.failed) void this.failed(job, message);
    const { gone } = sorted;
    if (gone.length) void this.endings.ack(gone.map((job) => ({ job, locked: true }))).then(() => this.letGo(gone));
    return sorted.runnable;
  }

  private async prepareAndRun(items: Item[]): Promise<void> {
    const runnable = await this.prepare(items);
    this.busySlots -= items.length - runnable.length;
    // A batch per thread, as big as it runs at once: each handoff to a thread costs about as much as a few checks.
    const size = this.options.checksPerThread;
    for (let i = 0; i < runnable.length; i += size) void this.runShared(runnable.slice(i, i + size));
    this.pump();
  }

  /** Each result is stored as soon as its check ends, not when the slowest check of its batch does. */
  private async runShared(batch: Runnable[]): Promise<void> {
    const { pool, log, maxTimeoutMs } = this.options;
    const handed = new Set<number>();
    const storing: Array<Promise<void>> = [];
    const onResults = (results: IndexedResults) => {
      for (const [i] of results) handed.add(i);
      storing.push(this.store(results.map(([i]) => batch[i]), results.map(([, result]) => result)));
    };
    let failure: unknown;
    try {
      await pool.runBatch(batch.map((r) => r.openJson), batchDeadlineMs(batch.map((r) => r.monitor), maxTimeoutMs), onResults);
    } catch (error) {
      failure = error;
    }
    this.busySlots -= batch.length;
    this.pump();
    if (failure !== undefined) {
      const rest = batch.filter((_, i) => !handed.has(i));
      // Not yet anyone's fault: each job without a result runs again on a thread of its own to find the culprit.
      log.warn('check batch failed; running its jobs one by one', { jobs: rest.length, error: (failure as Error)?.message });
      for (const { job } of rest) void this.runAlone(job);
    }
    await Promise.all(storing);
  }

  private async runAlone(job: HeldJob): Promise<void> {
    const [runnable] = await this.prepare([{ job, isolated: true }]);
    if (!runnable) return;
    let result: CheckResult;
    try {
      result = await this.options.pool.runAlone(runnable.openJson, batchDeadlineMs([runnable.monitor], this.options.maxTimeoutMs));
    } catch (error) {
      // The pool fails a run alone only when its own thread crashed or overran the deadline: this job's fault.
      return this.failed(job, (error as Error)?.message ?? String(error));
    }
    await this.store([runnable], [result]);
  }

  private async store(batch: Runnable[], results: CheckResult[]): Promise<void> {
    this.options.metrics.recordResults(batch.map(({ monitor }) => monitor.kind), results);
    await this.endings.storeResults(batch, results);
    this.done += batch.length;
    this.letGo(batch.map(({ job }) => job));
  }

  private async skip(job: HeldJob, reason: string, locked: boolean): Promise<void> {
    await this.endings.skip(job, reason, locked);
    this.skipped += 1;
    this.options.metrics.recordSkipped();
    this.letGo([job]);
  }

  /** A failed delivery: run again alone once delivered anew, or let go of (buried, or left for another worker). */
  private async failed(job: HeldJob, message: string): Promise<void> {
    const again = await this.endings.failedDelivery(job, message);
    if (!again) return this.letGo([job]);
    this.held.hold(again);
    await this.runAlone(again);
  }
}
