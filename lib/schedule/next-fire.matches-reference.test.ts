import { describe, expect, it } from 'vitest';
import { nextFireTime, parseCron, type ParsedCron } from './index';

// Checks the field-jumping evaluator against a plain minute-by-minute reference built directly on
// Intl, in a window around every 2027 offset transition of several zones.

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

function wallClock(timeZone: string): (t: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  return (t) => {
    const p = Object.fromEntries(format.formatToParts(t).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  };
}

function matchesWall(cron: ParsedCron, wall: number): boolean {
  const d = new Date(wall);
  const dom = cron.daysOfMonth.includes(d.getUTCDate());
  const dow = cron.daysOfWeek.includes(d.getUTCDay());
  const day = cron.dayOfMonthRestricted && cron.dayOfWeekRestricted ? dom || dow : dom && dow;
  return day && cron.months.includes(d.getUTCMonth() + 1) && cron.hours.includes(d.getUTCHours()) && cron.minutes.includes(d.getUTCMinutes());
}

/** Fires in [from, to): a wildcard cron whenever the wall clock matches; a fixed-time cron when any
 *  matching wall time lies between the latest wall time seen before and now (gaps run late, repeats never). */
function referenceFires(cron: ParsedCron, walls: Map<number, number>, from: number, to: number): number[] {
  const out: number[] = [];
  let latestWall = -Infinity;
  for (let t = from - DAY; t < to; t += MINUTE) {
    const wall = walls.get(t)!;
    let fire = false;
    if (!cron.fixedTime) fire = matchesWall(cron, wall);
    else for (let w = Math.max(latestWall + MINUTE, wall - 3 * HOUR); w <= wall && !fire; w += MINUTE) fire = matchesWall(cron, w);
    if (fire && t >= from) out.push(t);
    latestWall = Math.max(latestWall, wall);
  }
  return out;
}

function transitions(timeZone: string, year: number): number[] {
  const wall = wallClock(timeZone);
  const found: number[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += HOUR) {
    if (wall(t + HOUR) - (t + HOUR) !== wall(t) - t) found.push(t);
  }
  return found;
}

const CRONS = [
  '*/15 * * * *', '0 * * * *', '30 * * * *', '* 2 * * *', '*/7 1-3 * * *',
  '30 2 * * *', '0,30 2 * * *', '0 3 * * *', '0 1-3 * * *', '15 1,2 * * *', '45 1 * * *', '0 0 * * *', '59 1 * * 0', '10 2 1-10 * 0',
].map(parseCron);
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Pacific/Chatham', 'America/Havana'];

describe('nextFireTime agrees with a minute-by-minute reference around DST transitions', () => {
  it.each(ZONES)('%s', (timeZone) => {
    const wall = wallClock(timeZone);
    const points = transitions(timeZone, 2027);
    expect(points.length).toBeGreaterThanOrEqual(2);
    for (const point of points) {
      const from = point - 4 * HOUR;
      const to = point + 30 * HOUR;
      const walls = new Map<number, number>();
      for (let t = from - DAY; t < to; t += MINUTE) walls.set(t, wall(t));
      for (const cron of CRONS) {
        const ours: number[] = [];
        for (let t = nextFireTime(cron, timeZone, from - 1); t < to; t = nextFireTime(cron, timeZone, t)) ours.push(t);
        expect(ours.map((t) => new Date(t).toISOString()), `${cron.source} near ${new Date(point).toISOString()}`).toEqual(
          referenceFires(cron, walls, from, to).map((t) => new Date(t).toISOString()),
        );
      }
    }
  });
});
