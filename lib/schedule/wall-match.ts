import { civilFromDays, DAY_MS, daysFromCivil, daysInMonth, SECOND_MS, weekdayOfDays } from './calendar';
import { CronError } from './cron-error';
import type { ParsedCron } from './parse';

// Finds the next local wall-clock time a cron matches, jumping field by field (month, day, hour,
// minute, second) instead of stepping through time. Time zones are next-fire.ts's business.

interface CompiledCron {
  readonly nextSecond: Int8Array; // nextX[v] = smallest allowed value >= v, or -1
  readonly nextMinute: Int8Array;
  readonly nextHour: Int8Array;
  readonly nextMonth: Int8Array;
  readonly dayOfMonth: Uint8Array; // 1 where allowed
  readonly dayOfWeek: Uint8Array;
  readonly eitherDay: boolean; // Vixie: both day fields restricted, so either may match
  readonly source: string;
}

/** A date repeats its weekday within 400 years, so a longer search means the cron never fires. */
const MAX_SEARCH_YEARS = 401;

const compiledCache = new WeakMap<ParsedCron, CompiledCron>();

export function compile(cron: ParsedCron): CompiledCron {
  let compiled = compiledCache.get(cron);
  if (!compiled) {
    compiled = {
      nextSecond: nextTable(cron.seconds, 59),
      nextMinute: nextTable(cron.minutes, 59),
      nextHour: nextTable(cron.hours, 23),
      nextMonth: nextTable(cron.months, 12),
      dayOfMonth: flags(cron.daysOfMonth, 31),
      dayOfWeek: flags(cron.daysOfWeek, 6),
      eitherDay: cron.dayOfMonthRestricted && cron.dayOfWeekRestricted,
      source: cron.source,
    };
    compiledCache.set(cron, compiled);
  }
  return compiled;
}

function flags(values: readonly number[], max: number): Uint8Array {
  const out = new Uint8Array(max + 1);
  for (const v of values) out[v] = 1;
  return out;
}

/** Indexes 0..max+1; max+1 (one past the field) is always -1 so an overflow carries. */
function nextTable(values: readonly number[], max: number): Int8Array {
  const allowed = flags(values, max + 1);
  const table = new Int8Array(max + 2);
  let next = -1;
  for (let v = max + 1; v >= 0; v--) {
    if (allowed[v] && v <= max) next = v;
    table[v] = next;
  }
  return table;
}

/** The smallest wall time >= from (wall ms, whole seconds) that the cron matches. */
export function nextWallMatch(c: CompiledCron, from: number): number {
  const startDays = Math.floor(from / DAY_MS);
  const secondOfDay = Math.floor((from - startDays * DAY_MS) / SECOND_MS);
  const ymd = civilFromDays(startDays);
  let year = Math.floor(ymd / 10_000);
  let month = Math.floor(ymd / 100) % 100;
  let day = ymd % 100;
  let hour = Math.floor(secondOfDay / 3600);
  let minute = Math.floor(secondOfDay / 60) % 60;
  let second = secondOfDay % 60;
  const lastYear = year + MAX_SEARCH_YEARS;

  while (year <= lastYear) {
    const m = c.nextMonth[month];
    if (m < 0) {
      [year, month, day, hour, minute, second] = [year + 1, 1, 1, 0, 0, 0];
      continue;
    }
    if (m !== month) [month, day, hour, minute, second] = [m, 1, 0, 0, 0];

    const monthDays = daysInMonth(year, month);
    const firstDay = day;
    let weekday = weekdayOfDays(daysFromCivil(year, month, day));
    while (day <= monthDays && !dayMatches(c, day, weekday)) {
      day++;
      weekday = weekday === 6 ? 0 : weekday + 1;
    }
    if (day > monthDays) {
      [month, day, hour, minute, second] = [month + 1, 1, 0, 0, 0];
      continue;
    }
    if (day !== firstDay) [hour, minute, second] = [0, 0, 0];

    const h = c.nextHour[hour];
    if (h < 0) {
      [day, hour, minute, second] = [day + 1, 0, 0, 0];
      continue;
    }
    if (h !== hour) [hour, minute, second] = [h, 0, 0];

    const min = c.nextMinute[minute];
    if (min < 0) {
      [hour, minute, second] = [hour + 1, 0, 0];
      continue;
    }
    if (min !== minute) [minute, second] = [min, 0];

    const s = c.nextSecond[second];
    if (s < 0) {
      [minute, second] = [minute + 1, 0];
      continue;
    }
    return (daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + s) * SECOND_MS;
  }
  throw new CronError(`"${c.source}" never runs`);
}

function dayMatches(c: CompiledCron, day: number, weekday: number): boolean {
  return c.eitherDay
    ? c.dayOfMonth[day] === 1 || c.dayOfWeek[weekday] === 1
    : c.dayOfMonth[day] === 1 && c.dayOfWeek[weekday] === 1;
}
