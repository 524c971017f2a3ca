import { describe, expect, it } from 'vitest';
import { activeUntil, appliesTo, maintenanceEnd, nextStart, viewOf } from './occurrences';
import type { MaintenanceWindow } from './schema';

// When a window is on: [start, end) for a one-off; [fire, fire + duration) for each fire of a
// recurring one, with the cron engine's DST rules (Vixie cron) and real minutes for the duration.
const at = (iso: string) => Date.parse(iso);
const base = { id: 'w0000000000000001', v: 1 as const, name: 'w', appliesTo: 'all' as const, monitorIds: [], tag: null, createdAt: 0, updatedAt: 0 };
const once = (startsAt: string, endsAt: string): MaintenanceWindow => ({ ...base, type: 'once', startsAt: at(startsAt), endsAt: at(endsAt) });
const recurring = (cron: string, timeZone: string, durationMinutes: number): MaintenanceWindow => ({ ...base, type: 'recurring', cron, timeZone, durationMinutes });
const until = (w: MaintenanceWindow, now: string) => {
  const end = activeUntil(w, at(now));
  return end === null ? null : new Date(end).toISOString();
};

describe('a one-off window', () => {
  const w = once('2030-05-01T10:00:00Z', '2030-05-01T11:00:00Z');
  it('is on from its start up to, not at, its end', () => {
    expect(until(w, '2030-05-01T09:59:59.999Z')).toBeNull();
    expect(until(w, '2030-05-01T10:00:00Z')).toBe('2030-05-01T11:00:00.000Z');
    expect(until(w, '2030-05-01T10:59:59.999Z')).toBe('2030-05-01T11:00:00.000Z');
    expect(until(w, '2030-05-01T11:00:00Z')).toBeNull();
    expect(nextStart(w, at('2030-05-01T09:00:00Z'))).toBe(at('2030-05-01T10:00:00Z'));
    expect(viewOf(w, at('2030-05-01T12:00:00Z'))).toMatchObject({ state: 'ended', activeUntil: null, nextStartsAt: null });
  });
});

describe('a recurring window', () => {
  it('is on for its duration after each fire', () => {
    const nightly = recurring('0 2 * * *', 'UTC', 90);
    expect(until(nightly, '2030-05-01T01:59:59Z')).toBeNull();
    expect(until(nightly, '2030-05-01T02:00:00Z')).toBe('2030-05-01T03:30:00.000Z');
    expect(until(nightly, '2030-05-01T03:29:59Z')).toBe('2030-05-01T03:30:00.000Z');
    expect(until(nightly, '2030-05-01T03:30:00Z')).toBeNull();
    expect(viewOf(nightly, at('2030-05-01T12:00:00Z'))).toMatchObject({ state: 'upcoming', nextStartsAt: at('2030-05-02T02:00:00Z') });
  });

  it('with overlapping occurrences, ends with the one that started last', () => {
    const w = recurring('*/10 * * * *', 'UTC', 30);
    expect(until(w, '2030-05-01T10:05:00Z')).toBe('2030-05-01T10:30:00.000Z');
    expect(until(w, '2030-05-01T10:25:00Z')).toBe('2030-05-01T10:50:00.000Z');
  });

  it('finds the latest start of a dense schedule far back', () => {
    // Every second from 09:00 to 09:59:59; at 10:30 the last one (09:59:59) is still on for an hour.
    const w = recurring('* * 9 * * *', 'UTC', 60);
    expect(until(w, '2030-05-01T10:30:00Z')).toBe('2030-05-01T10:59:59.000Z');
    expect(until(w, '2030-05-01T11:00:00Z')).toBeNull();
  });

  describe('across DST in Europe/Berlin', () => {
    it('a time in the skipped hour starts right after the gap, and lasts its real minutes', () => {
      // 2027-03-28 02:00 CET -> 03:00 CEST (01:00Z): 02:30 does not exist, the window starts at 03:00 CEST.
      const w = recurring('30 2 * * *', 'Europe/Berlin', 60);
      expect(until(w, '2027-03-28T00:59:59Z')).toBeNull();
      expect(until(w, '2027-03-28T01:00:00Z')).toBe('2027-03-28T02:00:00.000Z');
      expect(until(w, '2027-03-28T02:00:00Z')).toBeNull();
      expect(until(w, '2027-03-29T00:30:00Z')).toBe('2027-03-29T01:30:00.000Z');
    });

    it('a time in the repeated hour starts once, at its first occurrence', () => {
      // 2027-10-31 03:00 CEST -> 02:00 CET (01:00Z): 02:30 happens at 00:30Z and again at 01:30Z.
      const w = recurring('30 2 * * *', 'Europe/Berlin', 45);
      expect(until(w, '2027-10-31T00:30:00Z')).toBe('2027-10-31T01:15:00.000Z');
      expect(until(w, '2027-10-31T01:20:00Z')).toBeNull();
      expect(until(w, '2027-10-31T01:45:00Z')).toBeNull();
      expect(new Date(nextStart(w, at('2027-10-31T01:45:00Z'))!).toISOString()).toBe('2027-11-01T01:30:00.000Z');
    });

    it('an hourly window runs in both copies of the repeated hour', () => {
      const w = recurring('0 * * * *', 'Europe/Berlin', 20);
      expect(until(w, '2027-10-31T00:10:00Z')).toBe('2027-10-31T00:20:00.000Z');
      expect(until(w, '2027-10-31T01:10:00Z')).toBe('2027-10-31T01:20:00.000Z');
    });
  });
});

describe('which monitors a window covers', () => {
  const monitor = { id: 'm1', tags: ['db', 'prod'] };
  it('all, listed monitors, or a tag', () => {
    expect(appliesTo({ appliesTo: 'all', monitorIds: [], tag: null }, monitor)).toBe(true);
    expect(appliesTo({ appliesTo: 'monitors', monitorIds: ['m2', 'm1'], tag: null }, monitor)).toBe(true);
    expect(appliesTo({ appliesTo: 'monitors', monitorIds: ['m2'], tag: null }, monitor)).toBe(false);
    expect(appliesTo({ appliesTo: 'tag', monitorIds: [], tag: 'db' }, monitor)).toBe(true);
    expect(appliesTo({ appliesTo: 'tag', monitorIds: [], tag: 'cache' }, monitor)).toBe(false);
  });

  it('the latest end of the windows on now that cover the monitor', () => {
    const now = at('2030-05-01T10:30:00Z');
    const views = [
      viewOf({ ...once('2030-05-01T10:00:00Z', '2030-05-01T11:00:00Z'), appliesTo: 'tag', tag: 'db' }, now),
      viewOf({ ...once('2030-05-01T10:00:00Z', '2030-05-01T12:00:00Z'), appliesTo: 'tag', tag: 'cache' }, now),
      viewOf(once('2030-05-01T11:00:00Z', '2030-05-01T13:00:00Z'), now),
    ];
    expect(maintenanceEnd(views, monitor)).toBe(at('2030-05-01T11:00:00Z'));
    expect(maintenanceEnd(views, { id: 'm9', tags: [] })).toBeNull();
  });
});
