import type { AppContext } from '../context';
import { parseStoredMonitor, type Monitor } from '../monitors';
import { openSecrets } from '../store/secrets';

/** A monitor as stored (at write `version`), and with its secrets opened as JSON: what a pool thread is handed. */
export interface CachedMonitor {
  monitor: Monitor;
  openJson: string;
  version: string;
}

/**
 * Parsed monitors by id, kept while their stored record stays the same: a record is validated (a full
 * schema parse, several µs) and its secrets opened once per edit, not once per run. At every run the
 * worker checks the record's write number (or, for a record without one, reads it again), so an edit
 * applies to the next run all the same.
 */
export class MonitorCache {
  private readonly entries = new Map<string, CachedMonitor & { json: string }>();

  /** `size`: monitors kept at most (WORKER_MONITOR_CACHE); when full, it starts again empty. */
  constructor(private readonly ctx: Pick<AppContext, 'keyring'>, private readonly size: number) {}

  /** The copy of a monitor held now, if any (its version says which write of the record it is). */
  known(id: string): CachedMonitor | undefined {
    return this.entries.get(id);
  }

  /**
   * The monitor as stored (read at write `version`: '' when the record has none) and with its secrets
   * opened; throws as parseStoredMonitor / openSecrets do.
   */
  get(id: string, json: string, version: string): CachedMonitor {
    const cached = this.entries.get(id);
    if (cached && cached.json === json) {
      cached.version = version;
      return cached;
    }
    this.entries.delete(id);
    const monitor = parseStoredMonitor(id, json);
    // Only the JSON of the opened monitor is kept: one object less per monitor in a long-lived cache.
    const entry = { json, version, monitor, openJson: JSON.stringify(monitor.enabled ? openSecrets(monitor, this.ctx.keyring) : monitor) };
    if (this.entries.size >= this.size) this.entries.clear();
    if (this.size > 0) this.entries.set(id, entry);
    return entry;
  }
}
