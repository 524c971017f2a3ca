import { describe, expect, it } from 'vitest';
import { UserError } from '../errors';
import { formToMonitorInput, muteEndFromForm } from '../../ui/monitors/form-input';
import { fieldErrorsOf, monitorInputSchema } from '.';

// The form path: a form posts strings; ui/monitors/form-input.ts turns them into the JSON the schema takes.
const schema = monitorInputSchema(10);

const formOf = (fields: Record<string, string | string[]>) => {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(key, v);
  return form;
};

const redisForm = { kind: 'redis', name: 'cache', cron: '*/5 * * * *', host: 'cache.internal', port: '6380', watchHealth: 'on', watchKeys: 'on', minKeys: '10', maxKeys: '1e3' };

describe('monitor form: strings to JSON', () => {
  it('turns decimal numbers into numbers and a checked box into true; an unchecked one is off', () => {
    const input = formToMonitorInput(formOf({ ...redisForm, failureThreshold: '3', channelIds: ['ops', 'dev'] }));
    expect(input).toMatchObject({ port: 6380, minKeys: 10, maxKeys: 1000, watchHealth: true, watchKeys: true, failureThreshold: 3, channelIds: ['ops', 'dev'] });
    expect(schema.parse(input)).toMatchObject({ port: 6380, tls: false, watchIops: false });
  });

  it('reads tags typed with commas or spaces, in any case, once each; a tag that is not one stays for the schema', () => {
    expect(formToMonitorInput(formOf({ ...redisForm, tags: ' DB, prod  eu,db ' })).tags).toEqual(['db', 'prod', 'eu']);
    expect(formToMonitorInput(formOf(redisForm)).tags).toEqual([]);
    const result = schema.safeParse(formToMonitorInput(formOf({ ...redisForm, tags: 'ok, no_underscores' })));
    expect(fieldErrorsOf(result.error!)).toMatchObject({ tags: [expect.stringMatching(/^Not a tag: "no_underscores"/)] });
  });

  it('leaves hex and words as text, so the schema says what is wrong', () => {
    const result = schema.safeParse(formToMonitorInput(formOf({ ...redisForm, port: '0x50', minKeys: 'ten' })));
    expect(result.success).toBe(false);
    expect(fieldErrorsOf(result.error!)).toMatchObject({ port: ['Port must be a number'], minKeys: ['Min keys must be a number'] });
  });

  it('keeps text fields as typed', () => {
    expect(formToMonitorInput(formOf({ kind: 'remind', name: '42', cron: '0 9 * * *', message: '0x50' }))).toMatchObject({ name: '42', message: '0x50' });
  });
});

describe('mute form', () => {
  const muteOf = (mutedUntil: string, tzOffset?: string) => formOf({ change: 'mute', mutedUntil, ...(tzOffset === undefined ? {} : { tzOffset }) });
  const fieldErrors = (form: FormData) => {
    try {
      muteEndFromForm(form);
    } catch (error) {
      if (error instanceof UserError) return error.fieldErrors;
      throw error;
    }
    return undefined;
  };

  it('reads the local time with the browser offset', () => {
    expect(muteEndFromForm(muteOf('2030-06-01T12:30', '-120'))).toBe(Date.UTC(2030, 5, 1, 10, 30));
    expect(muteEndFromForm(muteOf('2030-06-01T12:30', '840'))).toBe(Date.UTC(2030, 5, 1, 26, 30));
    expect(muteEndFromForm(muteOf('2030-06-01T12:30'))).toBe(Date.UTC(2030, 5, 1, 12, 30));
  });

  it.each(['2e11', '841', '-841', '1.5', 'abc', '0x10'])('refuses the offset %s with a field error', (tzOffset) => {
    expect(fieldErrors(muteOf('2030-06-01T12:30', tzOffset))?.mutedUntil?.[0]).toMatch(/time zone offset/);
  });

  it.each(['', 'tomorrow', '2030-02-31T10:00', '2030-06-01T25:00', '2030-13-01T10:00'])('refuses the date %j with a field error', (mutedUntil) => {
    expect(fieldErrors(muteOf(mutedUntil, '0'))?.mutedUntil?.length).toBeGreaterThan(0);
  });
});
