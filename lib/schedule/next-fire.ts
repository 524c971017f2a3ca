import { DAY_MS, SECOND_MS } from './calendar';
import { CronError } from './cron-error';
import type { ParsedCron } from './parse';
import { segmentAt, zoneFor } from './timezone';
import { compile, nextWallMatch } from './wall-match';

// Walks the zone's constant-offset segments from afterMs, asking each for the next matching wall
// time. DST follows Vixie cron: a fixed time of day (minute and hour not `*`) that falls in a gap
// runs once at the end of the gap, and in a repeated hour only the first time; wildcard and step
// schedules simply run at the wall times that exist, repeated ones included.

const MAX_SEGMENTS = 10_000;

/** The first fire time strictly after afterMs, as epoch ms. */
export function nextFireTime(cron: ParsedCron, timeZone: string, afterMs: number): number {
  if (!Number.isFinite(afterMs)) throw new TypeError(`afterMs must be a finite number, got ${afterMs}`);
  const zone = zoneFor(timeZone);
  const compiled = compile(cron);
  let t = Math.floor(afterMs / SECOND_MS) * SECOND_MS + SECOND_MS;
  // No wall time in [searchedFrom, foundWall) matches: lets later segments skip a repeated search.
  let searchedFrom = Infinity;
  let foundWall = 0;
  for (let i = 0; i < MAX_SEGMENTS; i++) {
    const seg = segmentAt(zone, t);
    let from = t + seg.offset;
    // After clocks went back, a fixed-time job already ran at the repeated wall times.
    if (cron.fixedTime && seg.offsetBefore > seg.offset) from = Math.max(from, seg.start + seg.offsetBefore);
    const wall = from >= searchedFrom && from <= foundWall ? foundWall : nextWallMatch(compiled, from);
    searchedFrom = from;
    foundWall = wall;

    const at = wall - seg.offset;
    if (at < seg.end) return at;
    // The wall time falls in the gap where clocks jump forward: a fixed-time job runs right after it.
    if (cron.fixedTime && seg.offsetAfter > seg.offset && wall < seg.end + seg.offsetAfter) return seg.end;

    t = seg.end;
    // A match far ahead: offsets change by less than a day, so no instant more than two days
    // before the matching wall time can reach it. Not past a fall-back, whose repeated hour may match.
    if (seg.offsetAfter <= seg.offset && wall - 2 * DAY_MS > t) t = wall - 2 * DAY_MS;
  }
  throw new CronError(`"${cron.source}" never runs in ${timeZone}`);
}

/** The next `count` fire times after afterMs, ascending. */
export function nextFireTimes(cron: ParsedCron, timeZone: string, afterMs: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 0) throw new TypeError(`count must be a non-negative integer, got ${count}`);
  const times: number[] = [];
  let after = afterMs;
  while (times.length < count) {
    after = nextFireTime(cron, timeZone, after);
    times.push(after);
  }
  return times;
}
