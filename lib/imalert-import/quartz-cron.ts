/**
 * The original imAlert scheduled with Quartz: seconds first, `?` for "any day", an optional year, and
 * days of the week 1-7 from Sunday. Ours is Vixie cron with an optional seconds field and 0-7 from Sunday.
 */
export type QuartzConversion = { cron: string } | { problem: string };

const UNSUPPORTED = /[LW#]/i;

export function fromQuartzCron(expression: string): QuartzConversion {
  const fields = expression.trim().split(/\s+/);
  if (fields.length === 7) {
    const year = fields.pop() as string;
    if (year !== '*' && year !== '?') return { problem: `the year field (${year}) has no equivalent` };
  }
  if (fields.length !== 6) return { problem: `"${expression}" is not a Quartz cron expression (6 or 7 fields)` };
  const [seconds, minutes, hours, dayOfMonth, month, dayOfWeek] = fields;
  if (UNSUPPORTED.test(dayOfMonth) || UNSUPPORTED.test(dayOfWeek)) return { problem: `L, W and # in "${expression}" have no equivalent` };
  // Quartz counts days of the week from 1 (Sunday); a step after "/" is a count, not a day.
  const weekdays = dayOfWeek.replace(/(^|[,-])(\d+)/g, (_whole, before: string, day: string) => `${before}${Number(day) - 1}`);
  if (/(^|[,-])-1/.test(weekdays)) return { problem: `day of week 0 in "${expression}" does not exist in Quartz (1 is Sunday)` };
  const any = (field: string) => (field === '?' ? '*' : field);
  const days = [any(dayOfMonth), month, any(weekdays)];
  const cron = seconds === '0' ? [minutes, hours, ...days] : [seconds, minutes, hours, ...days];
  return { cron: cron.join(' ') };
}
