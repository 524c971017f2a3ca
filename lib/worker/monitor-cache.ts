import { LRUCache } from 'lru-cache';
import type { AppContext } from '../context';
import { parseStoredMonitor, type Monitor } from '../monitors';
import { openSecrets } from '../store/secrets';

/** A monitor as stored (at write `version`), and with its secrets opened as JSON: what a pool thread is handed. */
export interface CachedMonitor {
  monitor: Monitor;
  openJson: string;
  version: string;
}

type Entry = CachedMonitor & { json: string };

/**
 * Parsed monitors by id, kept while their stored record stays the same: a record is validated (a full
 * schema parse) and its secrets opened once per edit, not once per run. At every run the worker
 * checks the record's write number, so an edit applies to the next run all the same.
 */
export class MonitorCache {
  /** None when the size is 0: nothing is kept. */
  private readonly entries?: LRUCache<string, Entry>;

  /** `size`: monitors kept at most (WORKER_MONITOR_CACHE); the least recently used go first. */
  constructor(private readonly ctx: Pick<AppContext, 'keyring'>, size: number) {
    if (size > 0) this.entries = new LRUCache<string, Entry>({ max: size });
  }

  /** The copy of a monitor held now, if any (its version says which write of the record it is). */
  known(id: string): CachedMonitor | undefined {
    return this.entries?.get(id);
  }

  /** The monitor as stored (read at write `version`) and with its secrets opened; throws as parseStoredMonitor / openSecrets do. */
  get(id: string, json: string, version: string): CachedMonitor {
    const cached = this.entries?.get(id);
    if (cached && cached.json === json) {
      cached.version = version;
      return cached;
    }
    this.entries?.delete(id);
    const monitor = parseStoredMonitor(id, json);
    // Only the JSON of the opened monitor is kept: one object less per monitor in a long-lived cache.
    const entry = { json, version, monitor, openJson: JSON.stringify(monitor.enabled ? openSecrets(monitor, this.ctx.keyring) : monitor) };
    this.entries?.set(id, entry);
    return entry;
  }
}
