import { CronError } from './cron-error';
import { expandShortcut, MONTH_LONG_NAMES, parseCron, type ParsedCron } from './parse';

// Plain-English descriptions of the common shapes of cron expression ("every 5 minutes",
// "at 09:00 on Monday to Friday"). Anything unusual falls back to the expression itself:
// a wrong description is worse than none.

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MAX_LISTED_TIMES = 6;

type Shape =
  | { kind: 'any' } // `*`
  | { kind: 'step'; step: number } // `*/n`
  | { kind: 'values'; values: readonly number[] } // no leading `*`
  | { kind: 'other' }; // `*` with something else, like `*/5` in a day field

class Unsupported extends Error {}

export function describeCron(expr: string): string {
  let cron: ParsedCron;
  try {
    cron = parseCron(expr);
  } catch (err) {
    if (err instanceof CronError) return typeof expr === 'string' ? expr.trim() : String(expr);
    throw err;
  }
  try {
    const time = describeTime(cron);
    const date = describeDate(cron);
    if (date) return `${time} ${date}`;
    return cron.fixedTime ? `${time} every day` : time;
  } catch (err) {
    if (err instanceof Unsupported) return cron.source;
    throw err;
  }
}

/** The field texts, with a 5-field expression's seconds as null. */
function fieldTexts(cron: ParsedCron): { sec: string | null; min: string; hour: string; dom: string; month: string; dow: string } {
  const fields = expandShortcut(cron.source).split(/\s+/);
  const sec = cron.hasSeconds ? fields.shift()! : null;
  const [min, hour, dom, month, dow] = fields;
  return { sec, min, hour, dom, month, dow };
}

function shapeOf(text: string, values: readonly number[]): Shape {
  if (text === '*' || text === '?' || text === '*/1') return { kind: 'any' };
  const step = /^\*\/(\d+)$/.exec(text);
  if (step) return { kind: 'step', step: Number(step[1]) };
  return text.startsWith('*') ? { kind: 'other' } : { kind: 'values', values };
}

function describeTime(cron: ParsedCron): string {
  const text = fieldTexts(cron);
  const sec = text.sec === null ? null : shapeOf(text.sec, cron.seconds);
  const min = shapeOf(text.min, cron.minutes);
  const hour = shapeOf(text.hour, cron.hours);
  const onTheMinute = sec === null || (sec.kind === 'values' && sec.values.length === 1 && sec.values[0] === 0);

  if (sec && !onTheMinute) {
    if (min.kind === 'any' && hour.kind === 'any') {
      if (sec.kind === 'any') return 'every second';
      if (sec.kind === 'step') return `every ${sec.step} seconds`;
      if (sec.kind === 'values' && sec.values.length === 1) return `every minute at second ${sec.values[0]}`;
    }
    if (sec.kind === 'values' && min.kind === 'values' && hour.kind === 'values') {
      return `at ${listTimes(hour.values, min.values, sec.values)}`;
    }
    throw new Unsupported();
  }
  if (hour.kind === 'any') {
    if (min.kind === 'any') return 'every minute';
    if (min.kind === 'step') return `every ${min.step} minutes`;
    if (min.kind === 'values' && min.values.length === 1) {
      return min.values[0] === 0 ? 'every hour' : `every hour at minute ${min.values[0]}`;
    }
  }
  if (hour.kind === 'step' && min.kind === 'values' && min.values.length === 1) {
    const at = min.values[0] === 0 ? '' : ` at minute ${min.values[0]}`;
    return `every ${hour.step} hours${at}`;
  }
  if (hour.kind === 'values' && min.kind === 'values') {
    if (hour.values.length * min.values.length <= MAX_LISTED_TIMES) return `at ${listTimes(hour.values, min.values, [0])}`;
    if (min.values.length === 1 && isContiguous(hour.values)) return `every hour ${fromTo(hour.values, min.values)}`;
  }
  if (hour.kind === 'values' && isContiguous(hour.values) && (min.kind === 'any' || min.kind === 'step')) {
    const every = min.kind === 'any' ? 'every minute' : `every ${min.step} minutes`;
    return `${every} ${fromTo(hour.values, cron.minutes)}`;
  }
  throw new Unsupported();
}

function describeDate(cron: ParsedCron): string {
  const text = fieldTexts(cron);
  const dom = shapeOf(text.dom, cron.daysOfMonth);
  const month = shapeOf(text.month, cron.months);
  const dow = shapeOf(text.dow, cron.daysOfWeek);
  if (dom.kind === 'step' || dom.kind === 'other' || dow.kind === 'step' || dow.kind === 'other') throw new Unsupported();
  if (month.kind === 'step' || month.kind === 'other') throw new Unsupported();

  const months = month.kind === 'values' ? monthsPhrase(month.values) : '';
  const days = dom.kind === 'values' ? dom.values : null;
  const weekdays = dow.kind === 'values' ? weekdayList(dow.values) : null;
  if (days && days.length === 1 && month.kind === 'values' && month.values.length === 1 && !weekdays) {
    return `on ${days[0]} ${MONTH_LONG_NAMES[month.values[0] - 1]}`;
  }
  const parts: string[] = [];
  if (days) parts.push(`on ${days.length === 1 ? 'day' : 'days'} ${joinList(days.map(String))} of the month`);
  if (weekdays) parts.push(`on ${weekdays}`);
  const when = parts.join(' or '); // both restricted: Vixie runs on either
  if (!months) return when;
  if (when) return `${when} ${months}`;
  return cron.fixedTime ? `every day ${months}` : months;
}

function monthsPhrase(months: readonly number[]): string {
  const names = months.map((m) => MONTH_LONG_NAMES[m - 1]);
  if (months.length >= 3 && isContiguous(months)) return `from ${names[0]} to ${names[names.length - 1]}`;
  return `in ${joinList(names)}`;
}

function weekdayList(values: readonly number[]): string {
  // Monday first, so MON-FRI reads as a range and SAT,SUN as a pair.
  const mondayFirst = values.map((d) => (d === 0 ? 7 : d)).sort((a, b) => a - b);
  return rangeOrList(mondayFirst, (d) => WEEKDAY_NAMES[d % 7]);
}

function rangeOrList(values: readonly number[], name: (v: number) => string): string {
  if (values.length >= 3 && isContiguous(values)) return `${name(values[0])} to ${name(values[values.length - 1])}`;
  return joinList(values.map(name));
}

function isContiguous(values: readonly number[]): boolean {
  return values.every((v, i) => i === 0 || v === values[i - 1] + 1);
}

function fromTo(hours: readonly number[], minutes: readonly number[]): string {
  return `from ${clock(hours[0], minutes[0])} to ${clock(hours[hours.length - 1], minutes[minutes.length - 1])}`;
}

function listTimes(hours: readonly number[], minutes: readonly number[], seconds: readonly number[]): string {
  if (hours.length * minutes.length * seconds.length > MAX_LISTED_TIMES) throw new Unsupported();
  const times: string[] = [];
  for (const h of hours) for (const m of minutes) for (const s of seconds) times.push(clock(h, m, s));
  return joinList(times);
}

function clock(hour: number, minute: number, second = 0): string {
  const hm = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  return second === 0 ? hm : `${hm}:${String(second).padStart(2, '0')}`;
}

function joinList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const fireTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** A fire time as the schedule preview lists it, with its zone: a wall time may happen twice a year. */
export function formatFireTime(ms: number, timeZone: string): string {
  let format = fireTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
    });
    fireTimeFormats.set(timeZone, format);
  }
  return format.format(ms);
}
