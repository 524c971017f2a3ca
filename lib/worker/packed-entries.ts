import type { HeldJob } from '../queue/job';

/** A packed entry all of whose jobs are settled: ack it, or split its failed jobs out (splitEntry). */
export interface SettledEntry {
  id: string;
  jobs: HeldJob[];
  failed: Array<{ job: HeldJob; message: string }>;
  /** A result call already acked it, with the last of its jobs. */
  acked: boolean;
}

interface Tracked extends SettledEntry {
  /** Keys of the jobs not yet settled. */
  open: Set<string>;
}

/**
 * The packed stream entries (several scheduled jobs in one entry) a worker holds. An entry stays
 * pending until every one of its jobs is settled (its result stored, skipped, or failed), so a worker
 * that dies mid-entry loses none of them: whoever claims the entry runs them again, and results
 * already stored come back 'stale' (no second state change or alert).
 */
export class PackedEntries {
  private readonly entries = new Map<string, Tracked>();

  get size(): number {
    return this.entries.size;
  }

  /** Starts tracking a job of a packed entry. */
  track(job: HeldJob): void {
    let entry = this.entries.get(job.id);
    if (!entry) this.entries.set(job.id, (entry = { id: job.id, jobs: [], failed: [], acked: false, open: new Set() }));
    entry.jobs.push(job);
    entry.open.add(job.key);
  }

  /**
   * Of jobs about to be finished in one call (stored or acked), those whose call can ack their entry
   * too: the last open jobs of an entry, all among them, none of its jobs failed. One job per entry is
   * named, and the entry is marked so that no second ack is sent for it.
   */
  ackableIn(jobs: HeldJob[]): Set<string> {
    const counts = new Map<string, { n: number; last: string }>();
    for (const job of jobs) {
      if (job.parts === 1) continue;
      const seen = counts.get(job.id);
      counts.set(job.id, { n: (seen?.n ?? 0) + 1, last: job.key });
    }
    const keys = new Set<string>();
    for (const [id, { n, last }] of counts) {
      const entry = this.entries.get(id);
      if (!entry || entry.acked || entry.failed.length || entry.open.size !== n) continue;
      entry.acked = true;
      keys.add(last);
    }
    return keys;
  }

  /** Settles a job (`failure`: why its delivery failed); returns its entry when that was the last open job. */
  settle(job: HeldJob, failure?: string): SettledEntry | undefined {
    const entry = this.entries.get(job.id);
    if (!entry || !entry.open.delete(job.key)) return undefined;
    if (failure !== undefined) entry.failed.push({ job, message: failure });
    if (entry.open.size > 0) return undefined;
    this.entries.delete(job.id);
    return entry;
  }
}
