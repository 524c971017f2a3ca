import { describe, expect, it } from 'vitest';
import { parseCron } from '../schedule';
import { FireTimeCache, latestFireAtOrBefore } from './fire-times';

const at = (iso: string) => Date.parse(iso);

describe('latestFireAtOrBefore', () => {
  it('finds the latest fire at or before now, including now itself', () => {
    const every5min = parseCron('*/5 * * * *');
    expect(latestFireAtOrBefore(every5min, 'UTC', at('2027-01-10T10:07:30Z'), 0)).toBe(at('2027-01-10T10:05:00Z'));
    expect(latestFireAtOrBefore(every5min, 'UTC', at('2027-01-10T10:10:00Z'), 0)).toBe(at('2027-01-10T10:10:00Z'));
  });

  it('works for rare schedules far back and in other time zones', () => {
    const monthly = parseCron('0 9 1 * *');
    expect(latestFireAtOrBefore(monthly, 'Asia/Kolkata', at('2027-03-20T00:00:00Z'), 0)).toBe(at('2027-03-01T03:30:00Z'));
  });

  it('returns null when nothing fires between floor and now', () => {
    const daily = parseCron('0 12 * * *');
    expect(latestFireAtOrBefore(daily, 'UTC', at('2027-01-10T11:00:00Z'), at('2027-01-10T00:00:00Z'))).toBeNull();
  });
});

describe('FireTimeCache.firesFor', () => {
  const cache = new FireTimeCache();

  it('on time: the fire is the score, the next fire is after now', () => {
    const now = at('2027-01-10T10:05:00.004Z');
    expect(cache.firesFor('*/5 * * * *', 'UTC', now, at('2027-01-10T10:05:00Z'))).toEqual({ fire: at('2027-01-10T10:05:00Z'), next: at('2027-01-10T10:10:00Z') });
  });

  it('after downtime: one job with the latest missed fire, not the oldest', () => {
    const now = at('2027-01-10T13:02:00Z');
    expect(cache.firesFor('*/5 * * * *', 'UTC', now, at('2027-01-10T10:05:00Z'))).toEqual({ fire: at('2027-01-10T13:00:00Z'), next: at('2027-01-10T13:05:00Z') });
  });

  it('never returns a fire time before the score read (a score moved off the pattern)', () => {
    const now = at('2027-01-10T10:06:00Z');
    const score = at('2027-01-10T10:05:30Z');
    expect(cache.firesFor('*/5 * * * *', 'UTC', now, score).fire).toBe(score);
  });

  it('computes a pattern once per tick: a lower score later in the same tick still gets its fire', () => {
    const now = at('2027-01-10T10:30:00.010Z');
    const late = new FireTimeCache();
    expect(late.firesFor('0 12 * * *', 'UTC', now, at('2027-01-10T10:00:00Z')).fire).toBe(at('2027-01-10T10:00:00Z'));
    expect(late.firesFor('0 12 * * *', 'UTC', now, at('2027-01-09T12:00:00Z')).fire).toBe(at('2027-01-09T12:00:00Z'));
  });

  it("with a delay (a Did It Run's grace): due that long after each fire, the job carries the fire time itself", () => {
    const graced = new FireTimeCache();
    const grace = 90_000;
    const now = at('2027-01-10T10:06:30.004Z'); // the 10:05 fire's deadline has just passed
    expect(graced.firesFor('*/5 * * * *', 'UTC', now, at('2027-01-10T10:06:30Z'), grace)).toEqual({ fire: at('2027-01-10T10:05:00Z'), next: at('2027-01-10T10:11:30Z') });
    // The same pattern without a delay, in the same tick, is not served the delayed answer.
    expect(graced.firesFor('*/5 * * * *', 'UTC', now, at('2027-01-10T10:05:00Z'))).toEqual({ fire: at('2027-01-10T10:05:00Z'), next: at('2027-01-10T10:10:00Z') });
  });

  it('with a delay longer than the period: each fire still gets its own deadline, the latest missed one after downtime', () => {
    const graced = new FireTimeCache();
    const now = at('2027-01-10T10:17:00Z');
    // every 5 min, 12 min grace: the deadlines passed by 10:17 are those of 10:00 and 10:05; the job is the 10:05 one.
    expect(graced.firesFor('*/5 * * * *', 'UTC', now, at('2027-01-10T10:12:00Z'), 12 * 60_000)).toEqual({ fire: at('2027-01-10T10:05:00Z'), next: at('2027-01-10T10:22:00Z') });
  });
});
