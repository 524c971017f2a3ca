import { describe, expect, it } from 'vitest';
import { parseCron, scheduleProblem, shortestIntervalSeconds } from './index';

describe('scheduleProblem', () => {
  it.each([
    ['*/5 * * * *', 'UTC', 10],
    ['* * * * *', 'Europe/Berlin', 60], // 5 fields fire at most once a minute
    ['*/10 * * * * *', 'UTC', 10],
    ['0,30 * * * * *', 'America/New_York', 30],
    ['0,50 0 * * * *', 'UTC', 15], // 00:00:50 and 01:00:00 are an hour apart, not 10 s
    ['0 * * * *', 'UTC', 3600],
    ['@daily', 'Asia/Kolkata', 86_400],
  ])('accepts %s in %s with a minimum of %i s', (expr, zone, min) => {
    expect(scheduleProblem(expr, zone, min)).toBeNull();
  });

  it.each([
    ['*/5 * * * * *', 10, 'This schedule fires more often than every 10 seconds (some runs are 5 seconds apart)'],
    ['* * * * * *', 10, 'This schedule fires more often than every 10 seconds (some runs are 1 second apart)'],
    // The gap that matters wraps around the minute: :50, then :00 of the next minute.
    ['0,50 * * * * *', 15, 'This schedule fires more often than every 15 seconds (some runs are 10 seconds apart)'],
    ['0,50 59,0 * * * *', 15, 'This schedule fires more often than every 15 seconds (some runs are 10 seconds apart)'],
    ['* * * * *', 120, 'This schedule fires more often than every 120 seconds (some runs are 60 seconds apart)'],
    ['0,1 9 * * *', 300, 'This schedule fires more often than every 300 seconds (some runs are 60 seconds apart)'],
  ])('rejects %s with a minimum of %i s', (expr, min, message) => {
    expect(scheduleProblem(expr, 'UTC', min)).toBe(message);
  });

  it('reports a bad expression with the parser message', () => {
    expect(scheduleProblem('61 * * * *', 'UTC', 10)).toBe('Minute field: 61 is out of range 0-59');
    expect(scheduleProblem('0 0 30 2 *', 'UTC', 10)).toBe('Day-of-month 30 never occurs in February, so this schedule would never run');
  });

  it('reports an unknown time zone', () => {
    expect(scheduleProblem('* * * * *', 'Europe/Atlantis', 10)).toBe(
      'Unknown time zone "Europe/Atlantis"; use an IANA name such as Europe/Berlin or UTC',
    );
  });
});

describe('shortestIntervalSeconds', () => {
  it.each([
    ['*/15 * * * * *', 15],
    ['5,35,40 * * * * *', 5],
    ['10 * * * * *', 60],
    ['0 */5 * * * *', 300],
    ['0 9,17 * * *', 8 * 3600],
    ['0 0 1 * *', 28 * 86_400],
  ])('%s: %i s', (expr, seconds) => {
    expect(shortestIntervalSeconds(parseCron(expr))).toBe(seconds);
  });
});
