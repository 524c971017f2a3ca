/** Counters of the controller between two summaries (logged each minute at info). */
export class DispatchStats {
  ticks = 0;
  batches = 0;
  dispatched = 0;
  conflicts = 0;
  unreadable = 0;
  maxLagMs = 0;
  totalDispatched = 0;

  add(batch: { dispatched: number; conflicts: number; unreadable: unknown[]; maxLagMs: number }): void {
    this.batches++;
    this.dispatched += batch.dispatched;
    this.totalDispatched += batch.dispatched;
    this.conflicts += batch.conflicts;
    this.unreadable += batch.unreadable.length;
    if (batch.maxLagMs > this.maxLagMs) this.maxLagMs = batch.maxLagMs;
  }

  /** The counters since the last call, then starts over (the total keeps counting). */
  take(): Record<string, number> {
    const out = { ticks: this.ticks, batches: this.batches, dispatched: this.dispatched, conflicts: this.conflicts, unreadable: this.unreadable, maxLagMs: this.maxLagMs, totalDispatched: this.totalDispatched };
    this.ticks = this.batches = this.dispatched = this.conflicts = this.unreadable = this.maxLagMs = 0;
    return out;
  }
}
