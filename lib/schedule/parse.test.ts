import { describe, expect, it } from 'vitest';
import { CronError, parseCron } from './index';

describe('parseCron', () => {
  it('reads the five standard fields into sorted value lists', () => {
    const cron = parseCron('*/15 9-17 1,15 */3 1-5');
    expect(cron.hasSeconds).toBe(false);
    expect(cron.seconds).toEqual([0]);
    expect(cron.minutes).toEqual([0, 15, 30, 45]);
    expect(cron.hours).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(cron.daysOfMonth).toEqual([1, 15]);
    expect(cron.months).toEqual([1, 4, 7, 10]);
    expect(cron.daysOfWeek).toEqual([1, 2, 3, 4, 5]);
    expect(cron.source).toBe('*/15 9-17 1,15 */3 1-5');
  });

  it('takes a leading seconds field when there are six fields', () => {
    const cron = parseCron('  5,35 * * * * *  ');
    expect(cron.hasSeconds).toBe(true);
    expect(cron.seconds).toEqual([5, 35]);
    expect(cron.minutes).toHaveLength(60);
    expect(cron.source).toBe('5,35 * * * * *');
  });

  it.each([
    ['10-50/20 * * * *', 'minutes', [10, 30, 50]],
    ['5/20 * * * *', 'minutes', [5, 25, 45]],
    ['0 0 * JAN,mar-May *', 'months', [1, 3, 4, 5]],
    ['0 0 * * MON-fri', 'daysOfWeek', [1, 2, 3, 4, 5]],
    ['0 0 * * 7', 'daysOfWeek', [0]],
    ['0 0 * * 5-7', 'daysOfWeek', [0, 5, 6]],
    ['0 0 * * SUN,0,7', 'daysOfWeek', [0]],
    ['0 0 ? * 1', 'daysOfMonth', Array.from({ length: 31 }, (_, i) => i + 1)],
    ['0 0 1-31/10 * *', 'daysOfMonth', [1, 11, 21, 31]],
  ] as const)('%s gives %s %j', (expr, field, values) => {
    expect(parseCron(expr)[field]).toEqual(values);
  });

  it('applies the Vixie flags: a field is restricted unless it starts with *', () => {
    const both = parseCron('0 0 1 * MON');
    expect([both.dayOfMonthRestricted, both.dayOfWeekRestricted]).toEqual([true, true]);
    const stepped = parseCron('0 0 */2 * MON');
    expect([stepped.dayOfMonthRestricted, stepped.dayOfWeekRestricted]).toEqual([false, true]);
  });

  it('marks a fixed time of day only when minute and hour both start with something other than *', () => {
    expect(parseCron('30 2 * * *').fixedTime).toBe(true);
    expect(parseCron('0-59 2 * * *').fixedTime).toBe(true);
    expect(parseCron('0 * * * *').fixedTime).toBe(false);
    expect(parseCron('*/30 2 * * *').fixedTime).toBe(false);
    expect(parseCron('*/10 30 2 * * *').fixedTime).toBe(true);
  });

  it.each([
    ['@hourly', '0 * * * *'],
    ['@daily', '0 0 * * *'],
    ['@MIDNIGHT', '0 0 * * *'],
    ['@weekly', '0 0 * * 0'],
    ['@monthly', '0 0 1 * *'],
    ['@yearly', '0 0 1 1 *'],
  ])('expands the shortcut %s like %s', (shortcut, expr) => {
    const { source: _a, ...fromShortcut } = parseCron(shortcut);
    const { source: _b, ...fromFields } = parseCron(expr);
    expect(fromShortcut).toEqual(fromFields);
  });

  it.each([
    ['', 'The cron expression is empty'],
    ['* * * *', 'Expected 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first; got 4'],
    ['* * * * * * *', 'Expected 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first; got 7'],
    ['61 * * * *', 'Minute field: 61 is out of range 0-59'],
    ['* 24 * * *', 'Hour field: 24 is out of range 0-23'],
    ['* * 0 * *', 'Day-of-month field: 0 is out of range 1-31'],
    ['* * * 13 *', 'Month field: 13 is out of range 1-12'],
    ['* * * * 8', 'Day-of-week field: 8 is out of range 0-7'],
    ['60 * * * * *', 'Second field: 60 is out of range 0-59'],
    ['x * * * *', 'Minute field: "x" is not a number'],
    ['* * * FOO *', 'Month field: "FOO" is not a number or a name (JAN-DEC)'],
    ['* * * * MONDAY', 'Day-of-week field: "MONDAY" is not a number or a name (SUN-SAT)'],
    ['* * * * 5#3', 'Day-of-week field: "5#3" is not a number or a name (SUN-SAT)'],
    ['*/0 * * * *', 'Minute field: step 0 is out of range 1-59'],
    ['*/x * * * *', 'Minute field: step "x" is not a number'],
    ['1/2/3 * * * *', 'Minute field: "1/2/3" has more than one step'],
    ['1,,2 * * * *', 'Minute field: "1,,2" has an empty list item'],
    ['* 22-2 * * *', 'Hour field: range 22-2 goes from high to low'],
    ['* 1-2-3 * * *', 'Hour field: "1-2-3" is not a valid range'],
    ['? * * * *', 'Minute field: "?" is not a number'],
    ['@reboot', 'Unknown shortcut "@reboot"; use @yearly, @monthly, @weekly, @daily or @hourly'],
    ['0 0 30 2 *', 'Day-of-month 30 never occurs in February, so this schedule would never run'],
    ['0 0 31 4,6 *', 'Day-of-month 31 never occurs in April or June, so this schedule would never run'],
  ])('rejects %j: %s', (expr, message) => {
    expect(() => parseCron(expr)).toThrow(new CronError(message));
  });

  it('accepts day 30 in February when a weekday is also given, since either day field may match', () => {
    expect(parseCron('0 0 30 2 MON').daysOfMonth).toEqual([30]);
  });

  it('throws a CronError, so callers can tell a bad expression from a bug', () => {
    expect(() => parseCron('nonsense')).toThrow(CronError);
  });
});
