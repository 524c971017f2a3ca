import { CronError } from './cron-error';
import { nextFireTime } from './next-fire';
import { parseCron, type ParsedCron } from './parse';
import { isValidTimeZone } from './timezone';

/** Fires sampled to find gaps longer than a minute; the tightest spots of a pattern show up early. */
const SAMPLE_FIRES = 500;
const SAMPLE_START = Date.UTC(2001, 0, 1); // a Monday at midnight: whole minutes, hours and days ahead

/** Why this schedule cannot be used, in words for the user, or null when it is fine. */
export function scheduleProblem(expr: string, timeZone: string, minIntervalSeconds: number): string | null {
  let cron: ParsedCron;
  try {
    cron = parseCron(expr);
  } catch (err) {
    if (err instanceof CronError) return err.message;
    throw err;
  }
  if (!isValidTimeZone(timeZone)) {
    return `Unknown time zone "${timeZone}"; use an IANA name such as Europe/Berlin or UTC`;
  }
  const shortest = shortestIntervalSeconds(cron, minIntervalSeconds);
  if (shortest < minIntervalSeconds) {
    return `This schedule fires more often than every ${minIntervalSeconds} seconds (some runs are ${plural(shortest, 'second')} apart)`;
  }
  return null;
}

/** The smallest gap between consecutive fires in seconds (wall clock, ignoring DST shifts). Stops
 *  looking once a gap below `enough` is found, since the caller only needs to know that. */
export function shortestIntervalSeconds(cron: ParsedCron, enough = 0): number {
  let shortest = Infinity;
  const s = cron.seconds;
  for (let i = 1; i < s.length; i++) shortest = Math.min(shortest, s[i] - s[i - 1]);
  if (cron.hasSeconds && canFireInConsecutiveMinutes(cron)) shortest = Math.min(shortest, 60 - s[s.length - 1] + s[0]);
  if (shortest < enough) return shortest;
  // Fires in different minutes that are not consecutive are more than 60 s apart, and consecutive
  // ones were measured above: with a minimum of a minute or less, there is nothing more to learn.
  // (Sampling real fires of a yearly cron would walk 500 years.)
  if (enough > 0 && enough <= 60) return Math.min(shortest, 60);
  // Gaps across minutes, hours and days: look at real fires.
  let previous = nextFireTime(cron, 'UTC', SAMPLE_START - 1);
  for (let i = 1; i < SAMPLE_FIRES && shortest >= enough; i++) {
    const next = nextFireTime(cron, 'UTC', previous);
    shortest = Math.min(shortest, (next - previous) / 1000);
    previous = next;
  }
  return shortest;
}

/** Whether the last second of one minute and the first of the next can both fire. */
function canFireInConsecutiveMinutes(cron: ParsedCron): boolean {
  const minutes = new Set(cron.minutes);
  if (cron.minutes.some((m) => minutes.has(m + 1))) return true;
  if (!minutes.has(59) || !minutes.has(0)) return false;
  const hours = new Set(cron.hours);
  // 23:59 to 00:00 needs two consecutive days; treat it as possible rather than reason about dates.
  return cron.hours.some((h) => hours.has(h + 1)) || (hours.has(23) && hours.has(0));
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
