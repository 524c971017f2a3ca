import { MessageChannel } from 'node:worker_threads';
import Tinypool from 'tinypool';
import type { CheckResult } from '../checks';
import type { CounterStoreAddress } from '../checks/counter-store';
import type { BatchTask, IndexedResults } from './run-batch';
import { threadCode, type ThreadCode } from './thread-code';

export interface PoolSettings {
  coreThreads: number;
  maxThreads: number;
  queueLength: number;
  checksPerThread: number;
  maxTimeoutMs: number;
  /** imalert's Redis, handed to the checks for the counters they keep between runs. */
  counters?: CounterStoreAddress;
  onError?: (error: unknown) => void;
}

/** Why a batch produced no results: its thread crashed, it overran its deadline, or the pool restarted. */
export class BatchFailure extends Error {
  constructor(readonly reason: 'crash' | 'timeout', message: string) {
    super(message);
    this.name = 'BatchFailure';
  }
}

/**
 * The tinypool threads that run checks. Batches share threads (each thread runs up to
 * checksPerThread checks at once); `runAlone` runs one check on a thread of its own so a crash or a
 * hang is blamed on the right job. A thread that hangs past a deadline cannot be stopped on its own,
 * so the shared pool is replaced and the old one destroyed once its other batches had time to end.
 */
export class CheckPool {
  private shared: Tinypool;
  private readonly isolated: Tinypool;
  private readonly code: ThreadCode;
  private isolatedBusy = 0;
  private readonly isolatedWaiters: Array<() => void> = [];
  private readonly retired = new Set<Tinypool>();

  constructor(private readonly settings: PoolSettings) {
    this.code = threadCode();
    this.shared = this.createShared();
    this.isolated = new Tinypool({ ...this.code, minThreads: 0, maxThreads: 2, concurrentTasksPerWorker: 1, idleTimeout: 10_000 });
    this.isolated.on('error', (error) => settings.onError?.(error));
  }

  private createShared(): Tinypool {
    const s = this.settings;
    const pool = new Tinypool({
      ...this.code,
      minThreads: Math.min(s.coreThreads, s.maxThreads),
      maxThreads: s.maxThreads,
      maxQueue: s.queueLength,
      concurrentTasksPerWorker: s.checksPerThread,
      idleTimeout: 30_000,
    });
    pool.on('error', (error) => s.onError?.(error));
    return pool;
  }

  get threads(): number {
    return this.shared.threads.length + this.isolated.threads.length;
  }

  /**
   * Runs checks together on one shared thread, handing each result to `onResults` as soon as its check
   * ends (results ending within a few ms come together); throws BatchFailure when the batch does not
   * end, after which the results not handed over are missing. `monitors`: each monitor, secrets
   * opened, as JSON (made once per edit, not once per run).
   */
  async runBatch(monitors: string[], deadlineMs: number, onResults: (results: IndexedResults) => void): Promise<void> {
    const pool = this.shared;
    const channel = new MessageChannel();
    const seen = new Set<number>();
    const take = (results: IndexedResults) => {
      const fresh = results.filter(([i]) => !seen.has(i));
      for (const [i] of fresh) seen.add(i);
      if (fresh.length) onResults(fresh);
    };
    channel.port1.on('message', (json: string) => take(JSON.parse(json) as IndexedResults));
    const task: BatchTask = { monitorsJson: `[${monitors.join(',')}]`, maxTimeoutMs: this.settings.maxTimeoutMs, counters: this.settings.counters, results: channel.port2 };
    // The end of the task brings every result: those whose early message has not come (yet) go now.
    const running = (pool.run(task, { transferList: [channel.port2] }) as Promise<string>).then((json) => {
      take((JSON.parse(json) as CheckResult[]).map((result, i): [number, CheckResult] => [i, result]));
    });
    running.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BatchFailure('timeout', `the batch overran its ${deadlineMs} ms deadline`)), deadlineMs);
    });
    try {
      await Promise.race([running, deadline]);
    } catch (error) {
      if (error instanceof BatchFailure) {
        this.retire(pool);
        throw error;
      }
      throw new BatchFailure('crash', `the check thread failed: ${(error as Error)?.message ?? String(error)}`);
    } finally {
      clearTimeout(timer);
      channel.port1.close();
    }
  }

  /** Runs one check on a thread of its own, killed at the deadline. */
  async runAlone(monitor: string, deadlineMs: number): Promise<CheckResult> {
    await this.acquireIsolated();
    const signal = AbortSignal.timeout(deadlineMs);
    try {
      const task: BatchTask = { monitorsJson: `[${monitor}]`, maxTimeoutMs: this.settings.maxTimeoutMs, counters: this.settings.counters };
      const [result] = JSON.parse((await this.isolated.run(task, { signal })) as string) as CheckResult[];
      return result;
    } catch (error) {
      if (signal.aborted) throw new BatchFailure('timeout', `the job timed out after ${deadlineMs} ms`);
      throw new BatchFailure('crash', `the check thread crashed: ${(error as Error)?.message ?? String(error)}`);
    } finally {
      this.releaseIsolated();
    }
  }

  private async acquireIsolated(): Promise<void> {
    // Two isolated threads: a task starts as soon as it is handed over, so its deadline is fair.
    while (this.isolatedBusy >= 2) await new Promise<void>((resolve) => this.isolatedWaiters.push(resolve));
    this.isolatedBusy += 1;
  }

  private releaseIsolated(): void {
    this.isolatedBusy -= 1;
    this.isolatedWaiters.shift()?.();
  }

  private retire(pool: Tinypool): void {
    if (pool !== this.shared) return;
    this.shared = this.createShared();
    this.retired.add(pool);
    setTimeout(() => {
      this.retired.delete(pool);
      void pool.destroy().catch(() => undefined);
    }, this.settings.maxTimeoutMs + 5000).unref();
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.shared.destroy(), this.isolated.destroy(), ...[...this.retired].map((p) => p.destroy())]);
  }
}
