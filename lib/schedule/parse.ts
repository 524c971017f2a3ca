import { CronError } from './cron-error';

/** A parsed cron expression. Every field is a sorted list of the values it allows. */
export interface ParsedCron {
  readonly seconds: readonly number[]; // [0] for a 5-field expression
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: readonly number[]; // 1-31
  readonly months: readonly number[]; // 1-12
  readonly daysOfWeek: readonly number[]; // 0-6, Sunday = 0 (7 is folded into 0)
  /** Vixie: the field does not start with `*`; when both day fields are restricted, either may match. */
  readonly dayOfMonthRestricted: boolean;
  readonly dayOfWeekRestricted: boolean;
  /** Minute and hour both start with something other than `*`: a fixed time of day, which Vixie cron moves
   *  out of a DST gap and runs once in a DST overlap. */
  readonly fixedTime: boolean;
  readonly hasSeconds: boolean;
  readonly source: string;
}

interface FieldSpec {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[]; // names[i] stands for min + i
  readonly nameHint?: string;
  readonly allowsQuestionMark?: boolean; // Quartz writes `?` for "any" in the day fields
}

const SECOND: FieldSpec = { label: 'Second', min: 0, max: 59 };
const MINUTE: FieldSpec = { label: 'Minute', min: 0, max: 59 };
const HOUR: FieldSpec = { label: 'Hour', min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { label: 'Day-of-month', min: 1, max: 31, allowsQuestionMark: true };
export const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
export const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTH: FieldSpec = { label: 'Month', min: 1, max: 12, names: MONTH_NAMES, nameHint: 'JAN-DEC' };
const DAY_OF_WEEK: FieldSpec = { label: 'Day-of-week', min: 0, max: 7, names: DAY_NAMES, nameHint: 'SUN-SAT', allowsQuestionMark: true };

const SHORTCUTS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Longest month each month can have (February in a leap year). */
const MAX_MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function parseCron(expr: string): ParsedCron {
  if (typeof expr !== 'string' || expr.trim() === '') throw new CronError('The cron expression is empty');
  const source = expr.trim();
  const fields = expandShortcut(source).split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    throw new CronError(
      `Expected 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first; got ${fields.length}`,
    );
  }
  const hasSeconds = fields.length === 6;
  const [sec, min, hour, dom, month, dow] = hasSeconds ? fields : ['0', ...fields];
  const daysOfWeek = [...new Set(parseField(dow, DAY_OF_WEEK).map((d) => (d === 7 ? 0 : d)))].sort((a, b) => a - b);
  const cron: ParsedCron = {
    seconds: parseField(sec, SECOND),
    minutes: parseField(min, MINUTE),
    hours: parseField(hour, HOUR),
    daysOfMonth: parseField(dom, DAY_OF_MONTH),
    months: parseField(month, MONTH),
    daysOfWeek,
    dayOfMonthRestricted: !isStar(dom),
    dayOfWeekRestricted: !isStar(dow),
    fixedTime: !isStar(min) && !isStar(hour),
    hasSeconds,
    source,
  };
  assertCanFire(cron, dom);
  return cron;
}

/** The expression with a shortcut (@daily) replaced by its fields. */
export function expandShortcut(source: string): string {
  if (!source.startsWith('@')) return source;
  const expanded = SHORTCUTS[source.toLowerCase()];
  if (!expanded) throw new CronError(`Unknown shortcut "${source}"; use @yearly, @monthly, @weekly, @daily or @hourly`);
  return expanded;
}

function isStar(field: string): boolean {
  return field.startsWith('*') || field.startsWith('?');
}

function parseField(text: string, spec: FieldSpec): number[] {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    if (item === '') throw new CronError(`${spec.label} field: "${text}" has an empty list item`);
    const [range, stepText, extra] = item.split('/');
    if (extra !== undefined) throw new CronError(`${spec.label} field: "${item}" has more than one step`);
    const step = stepText === undefined ? 1 : parseStep(stepText, spec);
    let [low, high] = [spec.min, spec.max];
    if (range === '*' || (range === '?' && spec.allowsQuestionMark)) {
      // the whole range
    } else if (range.includes('-')) {
      const [a, b, more] = range.split('-');
      if (more !== undefined) throw new CronError(`${spec.label} field: "${range}" is not a valid range`);
      [low, high] = [parseValue(a, spec), parseValue(b, spec)];
      if (low > high) throw new CronError(`${spec.label} field: range ${range} goes from high to low`);
    } else {
      low = parseValue(range, spec);
      // `5/15` means "from 5, every 15" as in most crons; a lone value is just that value.
      high = stepText === undefined ? low : spec.max;
    }
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

function parseValue(text: string, spec: FieldSpec): number {
  let value: number;
  if (/^\d+$/.test(text)) {
    value = Number(text);
  } else {
    const index = spec.names?.indexOf(text.toUpperCase()) ?? -1;
    if (index < 0) {
      const hint = spec.nameHint ? ` or a name (${spec.nameHint})` : '';
      throw new CronError(`${spec.label} field: "${text}" is not a number${hint}`);
    }
    value = spec.min + index;
  }
  if (value < spec.min || value > spec.max) {
    throw new CronError(`${spec.label} field: ${value} is out of range ${spec.min}-${spec.max}`);
  }
  return value;
}

function parseStep(text: string, spec: FieldSpec): number {
  if (!/^\d+$/.test(text)) throw new CronError(`${spec.label} field: step "${text}" is not a number`);
  const step = Number(text);
  if (step < 1 || step > spec.max) throw new CronError(`${spec.label} field: step ${step} is out of range 1-${spec.max}`);
  return step;
}

/** Reject what can never fire (Feb 30): the only such case is a restricted day-of-month, combined with
 *  an unrestricted day-of-week, that exceeds every allowed month. Every date falls on every weekday
 *  somewhere in the 400-year Gregorian cycle, so nothing else is impossible. */
function assertCanFire(cron: ParsedCron, domText: string): void {
  if (!cron.dayOfMonthRestricted || cron.dayOfWeekRestricted) return;
  const longest = Math.max(...cron.months.map((m) => MAX_MONTH_DAYS[m - 1]));
  if (cron.daysOfMonth[0] <= longest) return;
  const months = cron.months.map((m) => MONTH_LONG_NAMES[m - 1]);
  const monthList = months.length > 1 ? `${months.slice(0, -1).join(', ')} or ${months.at(-1)}` : months[0];
  throw new CronError(`Day-of-month ${domText} never occurs in ${monthList}, so this schedule would never run`);
}

export const MONTH_LONG_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
