import type { AppContext } from '../context';
import type { Monitor } from '../monitors';
import { activeUntil, nextStart } from './occurrences';
import type { MaintenanceWindow } from './schema';
import { readWindows } from './store';

/** How often a worker looks whether the windows changed (one GET; the windows are read only on a change). */
export const MAINTENANCE_REFRESH_MS = 2000;

/** A window with what is known of it from `since` until `validUntil`: on until `until` (null: not on). */
type Tracked = { window: MaintenanceWindow; until: number | null; since: number; validUntil: number };

/** The windows by whom they cover, so a job looks only at its own monitor's and tags' windows. */
interface Coverage {
  all: Tracked[];
  byMonitor: Map<string, Tracked[]>;
  byTag: Map<string, Tracked[]>;
}

function coverageOf(windows: MaintenanceWindow[]): Coverage {
  const coverage: Coverage = { all: [], byMonitor: new Map(), byTag: new Map() };
  const add = (map: Map<string, Tracked[]>, key: string, t: Tracked) => map.set(key, [...(map.get(key) ?? []), t]);
  for (const window of windows) {
    const t: Tracked = { window, until: null, since: Infinity, validUntil: -Infinity };
    if (window.appliesTo === 'all') coverage.all.push(t);
    else if (window.appliesTo === 'tag' && window.tag) add(coverage.byTag, window.tag, t);
    else for (const id of new Set(window.monitorIds)) add(coverage.byMonitor, id, t);
  }
  return coverage;
}

/**
 * The maintenance windows as a worker knows them: a copy refreshed every few seconds, so the result
 * of a job learns whether its monitor is in maintenance without a Redis round trip of its own. Times
 * are judged by Redis's clock (an offset measured at each refresh), like the result script's.
 */
export class MaintenanceView {
  private coverage: Coverage = coverageOf([]);
  private version: string | null = null;
  private clockOffsetMs = 0;

  constructor(private readonly ctx: Pick<AppContext, 'redis' | 'keys'>) {}

  /** The window version this copy reflects ('' before any window was ever written, null before the first refresh). */
  get knownVersion(): string | null {
    return this.version;
  }

  /** Rereads the windows when their version changed since the last look; also measures Redis's clock. */
  async refresh(): Promise<void> {
    const sentAt = Date.now();
    const [[seconds, micros], version] = await Promise.all([this.ctx.redis.time(), this.ctx.redis.get(this.ctx.keys.maintenanceVersion)]);
    const receivedAt = Date.now();
    this.clockOffsetMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - Math.round((sentAt + receivedAt) / 2);
    const current = version ?? '';
    if (current === this.version) return;
    const { windows } = await readWindows(this.ctx);
    this.coverage = coverageOf(windows);
    this.version = current;
  }

  /** Now by Redis's clock, as last measured. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** When the monitor's maintenance ends (the latest of its windows on now), or null when it is in none. */
  until(monitor: Pick<Monitor, 'id' | 'tags'>, at?: number): number | null {
    const { all, byMonitor, byTag } = this.coverage;
    // Most of the time there is no window at all: not even the clock is read.
    if (!all.length && !byMonitor.size && !byTag.size) return null;
    const now = at ?? this.now();
    let end = this.latestEnd(all, now, null);
    const own = byMonitor.get(monitor.id);
    if (own) end = this.latestEnd(own, now, end);
    if (byTag.size) for (const tag of monitor.tags) {
      const tagged = byTag.get(tag);
      if (tagged) end = this.latestEnd(tagged, now, end);
    }
    return end;
  }

  private latestEnd(windows: Tracked[], now: number, end: number | null): number | null {
    for (const t of windows) {
      const until = this.untilOf(t, now);
      if (until !== null && (end === null || until > end)) end = until;
    }
    return end;
  }

  /** A window's state is computed again only once it can have changed: at its end, or at its next start. */
  private untilOf(t: Tracked, now: number): number | null {
    if (now >= t.validUntil || now < t.since) {
      t.until = activeUntil(t.window, now);
      t.since = now;
      t.validUntil = t.until ?? nextStart(t.window, now) ?? Infinity;
    }
    return t.until;
  }
}
