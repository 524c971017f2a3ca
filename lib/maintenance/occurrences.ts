import type { Monitor } from '../monitors';
import { nextFireTime, parseCron } from '../schedule';
import type { MaintenanceWindow } from './schema';

/** Fire times walked forward at most to find the latest start; past it the start found is earlier, never wrong about activity. */
const MAX_WALK = 1000;

/** The latest fire time in (after, atMost], or null: a doubling look back from atMost, then a short walk forward. */
function latestFire(cron: ReturnType<typeof parseCron>, timeZone: string, after: number, atMost: number): number | null {
  for (let back = 1000; ; back *= 2) {
    const from = Math.max(after, atMost - back);
    const first = nextFireTime(cron, timeZone, from);
    if (first <= atMost) {
      let latest = first;
      for (let i = 0; i < MAX_WALK; i++) {
        const next = nextFireTime(cron, timeZone, latest);
        if (next > atMost) break;
        latest = next;
      }
      return latest;
    }
    if (from === after) return null;
  }
}

/**
 * When the window's occurrence under way at `now` ends (with overlapping occurrences, the one that
 * started last), or null when none is. An occurrence covers [start, start + duration).
 */
export function activeUntil(window: MaintenanceWindow, now: number): number | null {
  if (window.type === 'once') return window.startsAt <= now && now < window.endsAt ? window.endsAt : null;
  const duration = window.durationMinutes * 60_000;
  const start = latestFire(parseCron(window.cron), window.timeZone, now - duration, now);
  return start === null ? null : start + duration;
}

/** When the window next starts after `now`, or null when it never will (a one-off that has begun or ended). */
export function nextStart(window: MaintenanceWindow, now: number): number | null {
  if (window.type === 'once') return window.startsAt > now ? window.startsAt : null;
  return nextFireTime(parseCron(window.cron), window.timeZone, now);
}

export function appliesTo(window: Pick<MaintenanceWindow, 'appliesTo' | 'monitorIds' | 'tag'>, monitor: Pick<Monitor, 'id' | 'tags'>): boolean {
  if (window.appliesTo === 'all') return true;
  if (window.appliesTo === 'monitors') return window.monitorIds.includes(monitor.id);
  return window.tag !== null && monitor.tags.includes(window.tag);
}

export type WindowState = 'active' | 'upcoming' | 'ended';

/** A window as pages and the API show it: whether it is on now, until when, and when it starts next. */
export type WindowView = MaintenanceWindow & { state: WindowState; activeUntil: number | null; nextStartsAt: number | null };

export function viewOf(window: MaintenanceWindow, now: number): WindowView {
  const until = activeUntil(window, now);
  const next = nextStart(window, now);
  return { ...window, state: until !== null ? 'active' : next !== null ? 'upcoming' : 'ended', activeUntil: until, nextStartsAt: next };
}

/** The end of the maintenance a monitor is in at `now` (the latest of its active windows), or null. */
export function maintenanceEnd(windows: readonly WindowView[], monitor: Pick<Monitor, 'id' | 'tags'>): number | null {
  let end: number | null = null;
  for (const w of windows) if (w.activeUntil !== null && appliesTo(w, monitor) && (end === null || w.activeUntil > end)) end = w.activeUntil;
  return end;
}
