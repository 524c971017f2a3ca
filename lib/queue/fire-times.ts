import { LRUCache } from 'lru-cache';
import { nextFireTime, parseCron, type ParsedCron } from '../schedule';

export interface Fires {
  /** The fire time the job carries: the latest fire at or before now (never before the score read). */
  fire: number;
  /** Where the monitor goes next on the schedule: the first fire strictly after now. */
  next: number;
}

interface PatternFires {
  next: number;
  /** Latest fire time in [searchedFrom, now], or null when there is none. */
  latest: number | null;
  searchedFrom: number;
}

const MAX_PARSED = 10_000;

/**
 * Fire times per distinct (cron, time zone), computed once per tick and shared by every monitor
 * with that pattern: a tick's cost follows the patterns, not the monitors.
 */
export class FireTimeCache {
  private parsed = new LRUCache<string, ParsedCron>({ max: MAX_PARSED });
  private perTick = new Map<string, PatternFires>();
  private tickNow = Number.NaN;

  /** Parses a cron once per process (the cache is bounded); throws CronError when invalid. */
  parse(cron: string): ParsedCron {
    let parsed = this.parsed.get(cron);
    if (!parsed) {
      parsed = parseCron(cron);
      this.parsed.set(cron, parsed);
    }
    return parsed;
  }

  /**
   * For a monitor due at `score` (≤ now): the fire time to dispatch and the next score. After
   * downtime the job carries the latest missed fire time, so a monitor runs once, not once per miss.
   * With `delayMs` (a Did It Run's grace) the monitor runs that long after each fire time: scores are
   * fire times + delayMs, and the job still carries the fire time itself.
   */
  firesFor(cron: string, timeZone: string, now: number, score: number, delayMs = 0): Fires {
    if (now !== this.tickNow) {
      this.perTick.clear();
      this.tickNow = now;
    }
    const at = now - delayMs;
    const from = score - delayMs;
    const key = delayMs ? `${delayMs}\u0000${timeZone}\u0000${cron}` : `${timeZone}\u0000${cron}`;
    let pattern = this.perTick.get(key);
    if (!pattern || (pattern.latest === null && pattern.searchedFrom > from)) {
      const parsed = this.parse(cron);
      pattern = {
        next: nextFireTime(parsed, timeZone, at),
        latest: latestFireAtOrBefore(parsed, timeZone, at, from),
        searchedFrom: from,
      };
      this.perTick.set(key, pattern);
    }
    const fire = pattern.latest !== null && pattern.latest >= from ? pattern.latest : from;
    return { fire, next: pattern.next + delayMs };
  }
}

/**
 * The latest fire time t with floor ≤ t ≤ now, or null. Searches backwards from now in growing
 * windows, so a minute-level cron costs a few steps and a yearly one a few dozen.
 */
export function latestFireAtOrBefore(parsed: ParsedCron, timeZone: string, now: number, floor: number): number | null {
  if (floor > now) return null;
  for (let window = 1000; ; window *= 4) {
    const from = Math.max(floor, now - window);
    let t = nextFireTime(parsed, timeZone, from - 1); // first fire ≥ from
    if (t <= now) {
      for (let n = nextFireTime(parsed, timeZone, t); n <= now; n = nextFireTime(parsed, timeZone, t)) t = n;
      return t;
    }
    if (from === floor) return null;
  }
}
