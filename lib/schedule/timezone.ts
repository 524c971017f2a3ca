import { LRUCache } from 'lru-cache';
import { DAY_MS, SECOND_MS } from './calendar';
import { CronError } from './cron-error';

// UTC offsets of IANA zones, from Intl. An Intl call is too slow to make several per next-fire
// computation across thousands of schedules, so each zone's offset
// transitions are found once per UTC year (sampled daily, bisected to the second) and looked up
// from a small table afterwards.

/** A stretch of time with one UTC offset; its bounds are offset transitions or UTC year starts. */
export interface Segment {
  readonly start: number; // epoch ms, inclusive
  readonly end: number; // epoch ms, exclusive
  readonly offset: number; // local wall clock minus UTC, ms
  readonly offsetBefore: number; // offset just before start
  readonly offsetAfter: number; // offset from end on
}

interface YearTable {
  readonly starts: number[]; // first entry is the year's start
  readonly offsets: number[];
  readonly end: number;
  readonly offsetBefore: number;
  readonly offsetAfter: number;
}

export interface Zone {
  readonly format: Intl.DateTimeFormat;
  readonly years: LRUCache<number, YearTable>;
}

const MAX_CACHED_ZONES = 1000; // Intl accepts any letter case, so user input could mint many spellings
const MAX_CACHED_YEARS = 200;
const zones = new LRUCache<string, Zone>({ max: MAX_CACHED_ZONES });

export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string') return false;
  try {
    zoneFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function zoneFor(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (zone) return zone;
  // Intl in newer engines also accepts offsets like "+05:30"; monitors take IANA names only.
  if (!/^[A-Za-z]/.test(timeZone)) throw unknownZone(timeZone);
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw unknownZone(timeZone);
  }
  zone = { format, years: new LRUCache({ max: MAX_CACHED_YEARS }) };
  zones.set(timeZone, zone);
  return zone;
}

function unknownZone(timeZone: string): CronError {
  return new CronError(`Unknown time zone "${timeZone}"; use an IANA name such as Europe/Berlin or UTC`);
}

export function segmentAt(zone: Zone, t: number): Segment {
  const table = yearTable(zone, new Date(t).getUTCFullYear());
  const { starts, offsets } = table;
  let i = 0;
  while (i + 1 < starts.length && starts[i + 1] <= t) i++;
  const last = i + 1 === starts.length;
  return {
    start: starts[i],
    end: last ? table.end : starts[i + 1],
    offset: offsets[i],
    offsetBefore: i === 0 ? table.offsetBefore : offsets[i - 1],
    offsetAfter: last ? table.offsetAfter : offsets[i + 1],
  };
}

export function offsetAt(zone: Zone, t: number): number {
  return segmentAt(zone, t).offset;
}

function yearTable(zone: Zone, year: number): YearTable {
  let table = zone.years.get(year);
  if (!table) {
    table = buildYearTable(zone.format, year);
    zone.years.set(year, table);
  }
  return table;
}

function buildYearTable(format: Intl.DateTimeFormat, year: number): YearTable {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const starts = [start];
  const offsets = [intlOffset(format, start)];
  let prevTime = start;
  let prevOffset = offsets[0];
  for (let probe = Math.min(start + DAY_MS, end); ; probe = Math.min(probe + DAY_MS, end)) {
    const offset = intlOffset(format, probe);
    while (offset !== prevOffset) {
      const change = firstChange(format, prevTime, probe, prevOffset);
      if (change === end) break; // belongs to next year's table
      prevTime = change;
      prevOffset = intlOffset(format, change);
      starts.push(change);
      offsets.push(prevOffset);
    }
    if (probe === end) {
      return { starts, offsets, end, offsetBefore: intlOffset(format, start - SECOND_MS), offsetAfter: offset };
    }
    prevTime = probe;
  }
}

/** The first whole second in (lo, hi] whose offset differs from `from` (the offset at lo). */
function firstChange(format: Intl.DateTimeFormat, lo: number, hi: number, from: number): number {
  while (hi - lo > SECOND_MS) {
    const mid = lo + Math.floor((hi - lo) / (2 * SECOND_MS)) * SECOND_MS;
    if (intlOffset(format, mid) === from) lo = mid;
    else hi = mid;
  }
  return hi;
}

const FORMATTED = /^(\d+)\/(\d+)\/(\d+),? (\d+):(\d+):(\d+)$/;

/** Wall clock minus UTC at instant t (whole seconds), from Intl. */
function intlOffset(format: Intl.DateTimeFormat, t: number): number {
  const at = Math.floor(t / SECOND_MS) * SECOND_MS;
  // format() is much cheaper than formatToParts(); the en-US numeric layout is fixed.
  const m = FORMATTED.exec(format.format(at));
  if (m) return Date.UTC(+m[3], +m[1] - 1, +m[2], +m[4], +m[5], +m[6]) - at;
  const part = (type: string) => Number(format.formatToParts(at).find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - at;
}
