import type { HeldJob } from '../queue/job';
import { sleep } from './retry';

/**
 * The jobs a worker holds (read or claimed, not yet acked), by job key, and the waits on them: the
 * reader waits for room, a stopping worker waits for them to drain.
 */
export class HeldJobs {
  readonly held = new Map<string, HeldJob>();
  private roomWaiters: Array<() => void> = [];

  /** The stream entries of the jobs held (a packed entry's jobs share one). */
  heldEntryIds(): string[] {
    return [...new Set(Array.from(this.held.values(), (job) => job.id))];
  }

  /** Resolves when fewer than `limit` jobs are held. */
  async waitForRoom(limit: number, stopping: () => boolean = () => false): Promise<void> {
    while (this.held.size >= limit && !stopping()) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  }

  /** Resolves when every held job is finished, or after `graceMs`. */
  async drain(graceMs: number): Promise<boolean> {
    const deadline = Date.now() + graceMs;
    while (this.held.size > 0 && Date.now() < deadline) await sleep(Math.min(50, deadline - Date.now()));
    return this.held.size === 0;
  }

  /** Lets a reader waiting for room go (a job was let go of, or the worker is stopping). */
  wakeReaders(): void {
    for (const wake of this.roomWaiters.splice(0)) wake();
  }
}
