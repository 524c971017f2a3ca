import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { nextFireTime, parseCron } from './index';

// Differential test against croner, an independent, well-kept cron engine: seeded random expressions
// in zones with DST (Lord Howe shifts by 30 minutes, Chatham sits at +12:45/+13:45), started at random
// instants of a year and just before each of its offset transitions.

const HOUR = 3_600_000;
const YEAR_START = Date.UTC(2027, 0, 1);
const YEAR_END = Date.UTC(2028, 0, 1);
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Santiago', 'Asia/Kolkata', 'UTC'];
const EXPRESSIONS = 1500;
const FIRES_EACH = 2; // croner takes about half a millisecond a fire on a busy machine

/** mulberry32: the same expressions on every run, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomExpression(random: () => number): string {
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const pair = (min: number, max: number) => {
    const a = int(min, max);
    const b = int(min, max);
    return [Math.min(a, b), Math.max(a, b)];
  };
  // Minute and hour get no stepped range: croner counts it as an interval job in DST, Vixie as a fixed time.
  const timeField = (max: number) => pick([
    () => '*', () => `*/${int(2, Math.floor(max / 2))}`, () => String(int(0, max)),
    () => `${int(0, max)},${int(0, max)}`, () => pair(0, max).join('-'),
  ])();
  const dayOfMonth = pick([() => '*', () => '*', () => '*', () => String(int(1, 28)), () => pair(1, 28).join('-'), () => `${pair(1, 28).join('-')}/${int(2, 7)}`])();
  const month = pick([() => '*', () => '*', () => '*', () => String(int(1, 12)), () => pair(1, 12).join('-'), () => `*/${int(2, 6)}`])();
  // No `*/n` day-of-week: Vixie counts any field starting with `*` as unrestricted, croner only a bare `*`.
  const dayOfWeek = pick([() => '*', () => '*', () => String(int(0, 6)), () => pair(0, 6).join('-'), () => `${int(0, 6)},${int(0, 6)}`])();
  return `${timeField(59)} ${timeField(23)} ${dayOfMonth} ${month} ${dayOfWeek}`;
}

function transitions(timeZone: string): number[] {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  const offset = (t: number) => format.format(t);
  const found: number[] = [];
  for (let t = YEAR_START; t < YEAR_END; t += HOUR) if (offset(t) !== offset(t + HOUR)) found.push(t);
  return found;
}

const iso = (t: number) => new Date(t).toISOString();

describe('nextFireTime agrees with croner', () => {
  const random = seeded(16);
  const starts = new Map(ZONES.map((zone) => [zone, transitions(zone)]));

  it('has offset transitions to test in every DST zone', () => {
    for (const zone of ZONES.filter((z) => !['Asia/Kolkata', 'UTC'].includes(z))) expect(starts.get(zone)!.length, zone).toBeGreaterThanOrEqual(2);
  });

  it(`on ${EXPRESSIONS} random expressions across ${ZONES.length} zones`, () => {
    const disagreements: string[] = [];
    for (let i = 0; i < EXPRESSIONS; i += 1) {
      const expression = randomExpression(random);
      const zone = ZONES[i % ZONES.length];
      const near = starts.get(zone)!;
      // Half the runs start up to two hours before a transition, the others anywhere in the year.
      const start = near.length && i % 2 === 0 ? near[i % near.length] - Math.floor(random() * 2 * HOUR) : YEAR_START + Math.floor(random() * (YEAR_END - YEAR_START));
      const croner = new Cron(expression, { timezone: zone, mode: '5-part', fixedTimeRule: 'no-wildcard', paused: true });
      const cron = parseCron(expression);
      let ours = start;
      let theirs = start;
      for (let n = 0; n < FIRES_EACH; n += 1) {
        ours = nextFireTime(cron, zone, ours);
        theirs = croner.nextRun(new Date(theirs))!.getTime();
        if (ours !== theirs) {
          disagreements.push(`${expression} in ${zone} after ${iso(start)}: fire ${n + 1} is ${iso(ours)}, croner says ${iso(theirs)}`);
          break;
        }
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
  });
});
