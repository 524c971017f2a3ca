import { describe, expect, it } from 'vitest';
import { nextFireTimes, parseCron } from './index';

// Vixie cron's DST rules. A fixed time of day (minute and hour both not starting with `*`) inside a
// skipped hour fires once right after the gap, the same day; inside a repeated hour, once (the first
// time). Wildcard and step schedules fire at the wall times that exist, at real intervals.

const fires = (expr: string, timeZone: string, after: string, count: number) =>
  nextFireTimes(parseCron(expr), timeZone, Date.parse(after), count).map((t) => new Date(t).toISOString());

type Case = [string, string, string, string[]];

describe('Europe/Berlin, clocks forward 2027-03-28 02:00 CET -> 03:00 CEST (01:00Z)', () => {
  it.each<Case>([
    // 02:30 does not exist: runs at 03:00 CEST, then normally the next day.
    ['30 2 28 3 *', 'Europe/Berlin', '2027-03-01T00:00:00Z', ['2027-03-28T01:00:00.000Z', '2028-03-28T00:30:00.000Z']],
    ['30 2 * * *', 'Europe/Berlin', '2027-03-27T12:00:00Z', ['2027-03-28T01:00:00.000Z', '2027-03-29T00:30:00.000Z']],
    // Two skipped times collapse into one run.
    ['0,30 2 * * *', 'Europe/Berlin', '2027-03-27T12:00:00Z', ['2027-03-28T01:00:00.000Z', '2027-03-29T00:00:00.000Z', '2027-03-29T00:30:00.000Z']],
    // A skipped time and 03:00 itself: one run, not two.
    ['0 2,3 * * *', 'Europe/Berlin', '2027-03-27T12:00:00Z', ['2027-03-28T01:00:00.000Z', '2027-03-29T00:00:00.000Z']],
    // Wildcard minutes or hours skip the missing wall times.
    ['*/30 * * * *', 'Europe/Berlin', '2027-03-28T00:00:00Z', ['2027-03-28T00:30:00.000Z', '2027-03-28T01:00:00.000Z', '2027-03-28T01:30:00.000Z']],
    ['30 * * * *', 'Europe/Berlin', '2027-03-28T00:00:00Z', ['2027-03-28T00:30:00.000Z', '2027-03-28T01:30:00.000Z']],
    ['* 2 * * *', 'Europe/Berlin', '2027-03-27T12:00:00Z', ['2027-03-29T00:00:00.000Z']],
    // Seconds inside the gap, on a fixed time: one run after the gap.
    ['*/20 30 2 * * *', 'Europe/Berlin', '2027-03-27T12:00:00Z', ['2027-03-28T01:00:00.000Z', '2027-03-29T00:30:00.000Z']],
  ])('%s in %s after %s', (expr, zone, after, expected) => {
    expect(fires(expr, zone, after, expected.length)).toEqual(expected);
  });
});

describe('Europe/Berlin, clocks back 2027-10-31 03:00 CEST -> 02:00 CET (01:00Z)', () => {
  it.each<Case>([
    // 02:30 happens twice: runs at the first (CEST), then the next year's in CET.
    ['30 2 31 10 *', 'Europe/Berlin', '2027-10-01T00:00:00Z', ['2027-10-31T00:30:00.000Z', '2028-10-31T01:30:00.000Z']],
    ['30 2 * * *', 'Europe/Berlin', '2027-10-30T12:00:00Z', ['2027-10-31T00:30:00.000Z', '2027-11-01T01:30:00.000Z']],
    // Asked from inside the repeated hour, after the first 02:30: the second one is not a new run.
    ['30 2 * * *', 'Europe/Berlin', '2027-10-31T00:45:00Z', ['2027-11-01T01:30:00.000Z']],
    // Every 30 minutes keeps real intervals: 02:00 CEST, 02:30 CEST, 02:00 CET, 02:30 CET.
    ['*/30 * * * *', 'Europe/Berlin', '2027-10-30T23:59:00Z', ['2027-10-31T00:00:00.000Z', '2027-10-31T00:30:00.000Z', '2027-10-31T01:00:00.000Z', '2027-10-31T01:30:00.000Z', '2027-10-31T02:00:00.000Z']],
    ['0 * * * *', 'Europe/Berlin', '2027-10-30T23:30:00Z', ['2027-10-31T00:00:00.000Z', '2027-10-31T01:00:00.000Z', '2027-10-31T02:00:00.000Z']],
    ['*/30 * * * *', 'Europe/Berlin', '2027-10-31T00:45:00Z', ['2027-10-31T01:00:00.000Z']],
  ])('%s in %s after %s', (expr, zone, after, expected) => {
    expect(fires(expr, zone, after, expected.length)).toEqual(expected);
  });
});

describe('America/New_York, forward 2027-03-14 02:00 EST, back 2027-11-07 02:00 EDT', () => {
  it.each<Case>([
    ['30 2 * * *', 'America/New_York', '2027-03-13T12:00:00Z', ['2027-03-14T07:00:00.000Z', '2027-03-15T06:30:00.000Z']],
    ['30 1 * * *', 'America/New_York', '2027-11-06T12:00:00Z', ['2027-11-07T05:30:00.000Z', '2027-11-08T06:30:00.000Z']],
    ['*/30 * * * *', 'America/New_York', '2027-11-07T05:00:00Z', ['2027-11-07T05:30:00.000Z', '2027-11-07T06:00:00.000Z', '2027-11-07T06:30:00.000Z', '2027-11-07T07:00:00.000Z']],
  ])('%s in %s after %s', (expr, zone, after, expected) => {
    expect(fires(expr, zone, after, expected.length)).toEqual(expected);
  });
});

describe('Australia/Lord_Howe, half-hour DST: back 2027-04-04 02:00 -> 01:30, forward 2027-10-03 02:00 -> 02:30', () => {
  it.each<Case>([
    ['45 1 * * *', 'Australia/Lord_Howe', '2027-04-03T00:00:00Z', ['2027-04-03T14:45:00.000Z', '2027-04-04T15:15:00.000Z']],
    ['*/15 * * * *', 'Australia/Lord_Howe', '2027-04-03T14:40:00Z', ['2027-04-03T14:45:00.000Z', '2027-04-03T15:00:00.000Z', '2027-04-03T15:15:00.000Z', '2027-04-03T15:30:00.000Z']],
    ['15 2 * * *', 'Australia/Lord_Howe', '2027-10-02T00:00:00Z', ['2027-10-02T15:30:00.000Z', '2027-10-03T15:15:00.000Z']],
  ])('%s in %s after %s', (expr, zone, after, expected) => {
    expect(fires(expr, zone, after, expected.length)).toEqual(expected);
  });
});
