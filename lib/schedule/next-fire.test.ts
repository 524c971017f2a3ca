import { describe, expect, it } from 'vitest';
import { CronError, nextFireTime, nextFireTimes, parseCron } from './index';

const fires = (expr: string, timeZone: string, after: string, count: number) =>
  nextFireTimes(parseCron(expr), timeZone, Date.parse(after), count).map((t) => new Date(t).toISOString());

// [cron, zone, after (exclusive), expected UTC instants]
type Case = [string, string, string, string[]];

describe('nextFireTimes in UTC', () => {
  it.each<Case>([
    ['*/15 * * * *', 'UTC', '2027-01-01T00:07:30Z', ['2027-01-01T00:15:00.000Z', '2027-01-01T00:30:00.000Z']],
    ['*/15 * * * *', 'UTC', '2027-01-01T00:15:00Z', ['2027-01-01T00:30:00.000Z']], // strictly after
    ['0 9 * * 1-5', 'UTC', '2027-01-01T10:00:00Z', ['2027-01-04T09:00:00.000Z', '2027-01-05T09:00:00.000Z']], // Fri -> Mon
    ['0 12 * * 7', 'UTC', '2027-01-01T00:00:00Z', ['2027-01-03T12:00:00.000Z']], // 7 is Sunday
    ['0 0 1 1 *', 'UTC', '2026-12-31T23:59:59Z', ['2027-01-01T00:00:00.000Z', '2028-01-01T00:00:00.000Z']],
    ['59 23 31 12 *', 'UTC', '2027-01-01T00:00:00Z', ['2027-12-31T23:59:00.000Z']],
    ['0 0 29 2 *', 'UTC', '2027-03-01T00:00:00Z', ['2028-02-29T00:00:00.000Z', '2032-02-29T00:00:00.000Z']],
    ['0 0 29 2 *', 'UTC', '2096-03-01T00:00:00Z', ['2104-02-29T00:00:00.000Z']], // 2100 is not a leap year
    ['0 0 31 * *', 'UTC', '2027-04-01T00:00:00Z', ['2027-05-31T00:00:00.000Z', '2027-07-31T00:00:00.000Z']],
    ['0 0 1 */4 *', 'UTC', '2027-02-01T00:00:00Z', ['2027-05-01T00:00:00.000Z', '2027-09-01T00:00:00.000Z', '2028-01-01T00:00:00.000Z']],
  ])('%s in %s after %s', (expr, zone, after, expected) => {
    expect(fires(expr, zone, after, expected.length)).toEqual(expected);
  });
});

describe('day-of-month and day-of-week (Vixie)', () => {
  it.each<Case>([
    // Both restricted: the 13th OR any Friday. 2027-01-01 is a Friday, the 13th a Wednesday.
    ['0 0 13 * 5', 'UTC', '2027-01-01T00:00:00Z', ['2027-01-08T00:00:00.000Z', '2027-01-13T00:00:00.000Z', '2027-01-15T00:00:00.000Z', '2027-01-22T00:00:00.000Z']],
    // Day-of-month starts with *: both must match, so Mondays that fall on the 1st, 11th, 21st or 31st.
    ['0 0 */10 * 1', 'UTC', '2027-01-01T00:00:00Z', ['2027-01-11T00:00:00.000Z', '2027-02-01T00:00:00.000Z']],
    // Only day-of-month restricted: the 13th of each month.
    ['0 0 13 * *', 'UTC', '2027-01-01T00:00:00Z', ['2027-01-13T00:00:00.000Z', '2027-02-13T00:00:00.000Z']],
    // Only day-of-week restricted: Fridays.
    ['0 0 * * FRI', 'UTC', '2027-01-01T00:00:00Z', ['2027-01-08T00:00:00.000Z', '2027-01-15T00:00:00.000Z']],
    // Feb 29 that is also a Sunday (day-of-week starts with *, so both must match): 2032, then 2060.
    ['0 0 29 2 */7', 'UTC', '2027-01-01T00:00:00Z', ['2032-02-29T00:00:00.000Z', '2060-02-29T00:00:00.000Z']],
  ])('%s in %s after %s', (expr, zone, after, expected) => {
    expect(fires(expr, zone, after, expected.length)).toEqual(expected);
  });
});

describe('the seconds field', () => {
  it.each<Case>([
    ['*/20 * * * * *', 'UTC', '2027-01-01T00:00:00Z', ['2027-01-01T00:00:20.000Z', '2027-01-01T00:00:40.000Z', '2027-01-01T00:01:00.000Z']],
    ['*/20 * * * * *', 'UTC', '2027-01-01T00:00:20.500Z', ['2027-01-01T00:00:40.000Z']],
    ['15,45 30 * * * *', 'UTC', '2027-01-01T00:00:00Z', ['2027-01-01T00:30:15.000Z', '2027-01-01T00:30:45.000Z', '2027-01-01T01:30:15.000Z']],
    ['59 59 23 31 12 *', 'UTC', '2027-06-01T00:00:00Z', ['2027-12-31T23:59:59.000Z', '2028-12-31T23:59:59.000Z']],
    ['*/10 * * * * *', 'Asia/Kolkata', '2027-01-01T00:00:05Z', ['2027-01-01T00:00:10.000Z', '2027-01-01T00:00:20.000Z']],
  ])('%s in %s after %s', (expr, zone, after, expected) => {
    expect(fires(expr, zone, after, expected.length)).toEqual(expected);
  });

  it('fires every second when asked, one second apart', () => {
    const times = nextFireTimes(parseCron('* * * * * *'), 'Europe/Berlin', Date.parse('2027-01-01T00:00:00.999Z'), 3);
    expect(times).toEqual([1, 2, 3].map((s) => Date.parse('2027-01-01T00:00:00Z') + s * 1000));
  });
});

describe('time zones', () => {
  it.each<Case>([
    ['0 9 * * *', 'America/New_York', '2027-01-04T00:00:00Z', ['2027-01-04T14:00:00.000Z']], // EST, -05:00
    ['0 9 * * *', 'America/New_York', '2027-07-01T00:00:00Z', ['2027-07-01T13:00:00.000Z']], // EDT, -04:00
    ['0 9 * * *', 'Asia/Kolkata', '2027-01-01T00:00:00Z', ['2027-01-01T03:30:00.000Z', '2027-01-02T03:30:00.000Z']], // +05:30
    ['*/45 * * * *', 'Asia/Kolkata', '2027-01-01T00:00:00Z', ['2027-01-01T00:15:00.000Z', '2027-01-01T00:30:00.000Z']],
    ['0 0 * * *', 'Asia/Kathmandu', '2027-01-01T00:00:00Z', ['2027-01-01T18:15:00.000Z']], // +05:45
    ['0 0 1 1 *', 'Pacific/Kiritimati', '2026-06-01T00:00:00Z', ['2026-12-31T10:00:00.000Z']], // +14:00
    ['0 0 1 1 *', 'Pacific/Pago_Pago', '2026-06-01T00:00:00Z', ['2027-01-01T11:00:00.000Z']], // -11:00
    ['0 9 * * MON', 'Australia/Sydney', '2027-01-01T00:00:00Z', ['2027-01-03T22:00:00.000Z']], // AEDT, +11:00, Monday local
  ])('%s in %s after %s', (expr, zone, after, expected) => {
    expect(fires(expr, zone, after, expected.length)).toEqual(expected);
  });

  it('accepts the same instant as a Date would give, whatever the time zone of the host', () => {
    const cron = parseCron('0 0 * * *');
    expect(nextFireTime(cron, 'UTC', Date.UTC(2027, 5, 15, 12))).toBe(Date.UTC(2027, 5, 16));
  });

  it('rejects an unknown time zone with a CronError', () => {
    expect(() => nextFireTime(parseCron('* * * * *'), 'Mars/Olympus_Mons', 0)).toThrow(CronError);
    expect(() => nextFireTime(parseCron('* * * * *'), '+05:30', 0)).toThrow('Unknown time zone "+05:30"');
  });

  it('rejects a count that is not a whole number', () => {
    expect(() => nextFireTimes(parseCron('* * * * *'), 'UTC', 0, 1.5)).toThrow(TypeError);
    expect(nextFireTimes(parseCron('* * * * *'), 'UTC', 0, 0)).toEqual([]);
  });
});
