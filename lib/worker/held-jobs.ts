import type { HeldJob } from '../queue/job';
import { sleep } from './retry';

/**
 * The jobs a worker holds (read or claimed, not yet acked), by id, and the waits on them: the reader
 * waits for room, a stopping worker waits for them to drain.
 */
export class HeldJobs {
  private readonly jobs = new Map<string, HeldJob>();
  private roomWaiters: Array<() => void> = [];

  get count(): number {
    return this.jobs.size;
  }

  has(id: string): boolean {
    return this.jobs.has(id);
  }

  /** Holds a job, or replaces the one of its id (a new delivery of it). */
  hold(job: HeldJob): void {
    this.jobs.set(job.id, job);
  }

  /** The job is over for this worker: its room goes to the reader. */
  letGo(id: string): void {
    this.jobs.delete(id);
    this.wakeReaders();
  }

  /** The stream entries held: their leases are renewed. */
  ids(): string[] {
    return [...this.jobs.keys()];
  }

  /** Resolves when fewer than `limit` jobs are held, or once `stopping()`. */
  async waitForRoom(limit: number, stopping: () => boolean): Promise<void> {
    while (this.jobs.size >= limit && !stopping()) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  }

  /** Resolves when every held job is finished, or after `graceMs`; says whether all were. */
  async drain(graceMs: number): Promise<boolean> {
    const deadline = Date.now() + graceMs;
    while (this.jobs.size > 0 && Date.now() < deadline) await sleep(Math.min(50, deadline - Date.now()));
    return this.jobs.size === 0;
  }

  /** Lets a reader waiting for room go (a job was let go of, or the worker is stopping). */
  wakeReaders(): void {
    for (const wake of this.roomWaiters.splice(0)) wake();
  }
}
