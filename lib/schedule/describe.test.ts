import { describe, expect, it } from 'vitest';
import { describeCron, formatFireTime } from './index';

describe('describeCron', () => {
  it.each([
    ['* * * * *', 'every minute'],
    ['*/5 * * * *', 'every 5 minutes'],
    ['* * * * * *', 'every second'],
    ['*/30 * * * * *', 'every 30 seconds'],
    ['15 * * * * *', 'every minute at second 15'],
    ['0 * * * *', 'every hour'],
    ['15 * * * *', 'every hour at minute 15'],
    ['0 */2 * * *', 'every 2 hours'],
    ['30 */6 * * *', 'every 6 hours at minute 30'],
    ['0 9 * * *', 'at 09:00 every day'],
    ['0 9 * * 1', 'at 09:00 on Monday'],
    ['0 9 * * 1-5', 'at 09:00 on Monday to Friday'],
    ['0 9 * * MON,WED,FRI', 'at 09:00 on Monday, Wednesday and Friday'],
    ['0 10 * * sat,sun', 'at 10:00 on Saturday and Sunday'],
    ['30 0 9 * * *', 'at 09:00:30 every day'],
    ['0 9,17 * * *', 'at 09:00 and 17:00 every day'],
    ['*/15 8-18 * * *', 'every 15 minutes from 08:00 to 18:45'],
    ['0 8-18 * * 1-5', 'every hour from 08:00 to 18:00 on Monday to Friday'],
    ['0 0 1 * *', 'at 00:00 on day 1 of the month'],
    ['0 0 1,15 * *', 'at 00:00 on days 1 and 15 of the month'],
    ['0 0 1 1 *', 'at 00:00 on 1 January'],
    ['0 0 29 2 *', 'at 00:00 on 29 February'],
    ['0 12 1 * 1', 'at 12:00 on day 1 of the month or on Monday'],
    ['0 0 * 1,7 *', 'at 00:00 every day in January and July'],
    ['*/5 * * 3-6 *', 'every 5 minutes from March to June'],
    ['@daily', 'at 00:00 every day'],
    ['@hourly', 'every hour'],
    ['@weekly', 'at 00:00 on Sunday'],
  ])('%s reads "%s"', (expr, text) => {
    expect(describeCron(expr)).toBe(text);
  });

  it.each(['0 0 */2 * *', '5-10 * * * *', '*/10 9 * * * *', '0 0 * * */2', '1,2,3,4,5,6,7 1 * * *'])(
    'falls back to the expression for %s rather than guess',
    (expr) => {
      expect(describeCron(expr)).toBe(expr);
    },
  );

  it('gives back an invalid expression unchanged, trimmed', () => {
    expect(describeCron(' 61 * * * * ')).toBe('61 * * * *');
  });
});

describe('formatFireTime', () => {
  it('tells apart the two 02:30 of the night the clocks go back, by zone abbreviation or offset', () => {
    const first = Date.UTC(2027, 9, 31, 0, 30);
    const second = Date.UTC(2027, 9, 31, 1, 30);
    expect(formatFireTime(first, 'Europe/Berlin')).toBe('31 Oct 2027, 02:30:00 CEST');
    expect(formatFireTime(second, 'Europe/Berlin')).toBe('31 Oct 2027, 02:30:00 CET');
    expect(formatFireTime(first, 'Europe/London')).toBe('31 Oct 2027, 01:30:00 BST');
    expect(formatFireTime(second, 'Europe/London')).toBe('31 Oct 2027, 01:30:00 GMT');
  });

  it('shows the zone on every fire time, an offset where the zone has no common abbreviation', () => {
    expect(formatFireTime(Date.UTC(2027, 0, 5, 9, 0), 'UTC')).toBe('5 Jan 2027, 09:00:00 UTC');
    expect(formatFireTime(Date.UTC(2027, 0, 5, 9, 0), 'Asia/Kolkata')).toBe('5 Jan 2027, 14:30:00 GMT+5:30');
  });
});
