import { describe, expect, it } from 'vitest';
import { isValidTimeZone } from './index';

describe('isValidTimeZone', () => {
  it.each(['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Argentina/Buenos_Aires'])(
    'accepts the IANA name %s',
    (zone) => expect(isValidTimeZone(zone)).toBe(true),
  );

  it.each(['', 'Mars/Olympus_Mons', 'Europe/Berln', '+05:30', '-03:00', 'Berlin', 'GMT+25'])('rejects %j', (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });
});
