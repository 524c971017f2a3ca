import { describe, expect, it } from 'vitest';
import { CorruptRecordError } from '../errors';
import { fieldErrorsOf, MONITOR_KINDS, MONITOR_SCHEMA_VERSION, monitorInputSchema, parseStoredMonitor, upgradeRecord, type MonitorInput } from '.';

const schema = monitorInputSchema(10);
const common = { name: 'Prod check', cron: '*/5 * * * *', timeZone: 'Europe/Berlin' };

/** The field errors a form would show for this input ({} when it is valid). */
function errorsOf(input: Record<string, unknown>): Record<string, string[]> {
  const result = schema.safeParse(input);
  return result.success ? {} : fieldErrorsOf(result.error);
}

const valid: Record<string, Record<string, unknown>> = {
  redis: { kind: 'redis', host: 'cache.internal', port: 6380, password: 's3cret', mode: 'cluster', watchHealth: true, watchKeys: true, minKeys: 10, maxKeys: 100 },
  elastic: { kind: 'elastic', url: 'https://es.internal:9200', user: 'elastic', password: 'pw', authRequired: true, watchHealth: true },
  remind: { kind: 'remind', message: 'Rotate the on-call pager' },
  http: { kind: 'http', url: 'http://app.internal/health', expectedText: 'ok', timeoutMs: 2000 },
  tcp: { kind: 'tcp', host: '10.0.0.7', port: 22 },
  latency: { kind: 'latency', host: 'db.internal', port: 5432, maxLatencyMs: 50, timeoutMs: 1000 },
  heartbeat: { kind: 'heartbeat', graceSeconds: 600 },
};

describe('monitor input: valid input of every kind', () => {
  it.each(MONITOR_KINDS)('%s', (kind) => {
    const result = schema.safeParse({ ...common, ...valid[kind] });
    expect(result.success).toBe(true);
    const monitor = result.data as MonitorInput;
    expect(monitor).toMatchObject({ kind, name: 'Prod check', enabled: true, mutedUntil: null, failureThreshold: 1, successThreshold: 1, renotifyMinutes: 60, channelIds: [] });
  });

  it('takes JSON numbers and booleans; a switch left out is off', () => {
    const monitor = schema.parse({ ...common, ...valid.redis }) as Extract<MonitorInput, { kind: 'redis' }>;
    expect(monitor).toMatchObject({ port: 6380, minKeys: 10, maxKeys: 100, watchHealth: true, watchIops: false, tls: false });
  });

  it('keeps line breaks and tabs in a multi-line message', () => {
    expect(schema.parse({ ...common, kind: 'remind', message: 'line one\r\n\tline two' })).toMatchObject({ message: 'line one\r\n\tline two' });
  });

  it('trims the name', () => {
    expect(schema.parse({ ...common, ...valid.remind, name: '  spaced  ' }).name).toBe('spaced');
  });
});

describe('monitor input: what the user sees for invalid input', () => {
  it('common fields', () => {
    expect(errorsOf({ ...valid.tcp, name: '   ', cron: '*/5 * * * *' })).toMatchObject({ name: ['Name is required'] });
    expect(errorsOf({ ...valid.tcp, ...common, name: 'x'.repeat(101) })).toMatchObject({ name: ['Name is at most 100 characters'] });
    expect(errorsOf({ ...valid.tcp, ...common, failureThreshold: 0 })).toMatchObject({ failureThreshold: ['Failure threshold must be at least 1'] });
    expect(errorsOf({ ...valid.tcp, ...common, renotifyMinutes: -1 })).toMatchObject({ renotifyMinutes: ['Re-notify interval cannot be negative'] });
    expect(errorsOf({ ...common, kind: 'ftp' })).toEqual({ kind: ['Choose a check kind'] });
  });

  it('schedule and time zone', () => {
    expect(errorsOf({ ...valid.tcp, ...common, cron: '' })).toMatchObject({ cron: ['Schedule is required'] });
    expect(errorsOf({ ...valid.tcp, ...common, cron: '61 * * * *' }).cron?.[0]).toMatch(/minute/i);
    expect(errorsOf({ ...valid.tcp, ...common, cron: '* * * * * *' }).cron?.[0]).toMatch(/more often than every 10 seconds/);
    expect(errorsOf({ ...valid.tcp, ...common, timeZone: 'Mars/Olympus' }).timeZone?.[0]).toMatch(/Unknown time zone "Mars\/Olympus"/);
  });

  it('I Watch Redis', () => {
    expect(errorsOf({ ...common, ...valid.redis, port: 70000 })).toMatchObject({ port: ['Port must be between 1 and 65535'] });
    expect(errorsOf({ ...common, ...valid.redis, host: 'bad host!' })).toMatchObject({ host: ['Host must be a host name or an IP address'] });
    expect(errorsOf({ ...common, ...valid.redis, minKeys: 200, maxKeys: 100 })).toMatchObject({ maxKeys: ['Max keys must be greater than or equal to min keys'] });
    expect(errorsOf({ ...common, ...valid.redis, watchIops: true, minIops: 5, maxIops: 1 })).toMatchObject({ maxIops: ['Max IOPS must be greater than or equal to min IOPS'] });
    expect(errorsOf({ ...common, kind: 'redis', host: 'h', watchHealth: false })).toMatchObject({ watchHealth: ['Turn on at least one condition: health, keys, IOPS or one below'] });
    expect(errorsOf({ ...common, ...valid.redis, mode: 'sentinel' })).toMatchObject({ mode: ['Choose standalone or cluster'] });
  });

  it('I Watch Elastic', () => {
    expect(errorsOf({ ...common, ...valid.elastic, url: 'ftp://es' })).toMatchObject({ url: ['Cluster URL must start with http:// or https://'] });
    expect(errorsOf({ ...common, ...valid.elastic, user: '' })).toMatchObject({ user: ['User is required when authentication is on'] });
  });

  it('Remind Me', () => {
    expect(errorsOf({ ...common, kind: 'remind', message: ' ' })).toMatchObject({ message: ['Message is required'] });
    expect(errorsOf({ ...common, kind: 'remind', message: 'x'.repeat(2001) })).toMatchObject({ message: ['Message is at most 2000 characters'] });
  });

  it('Check My Health', () => {
    expect(errorsOf({ ...common, kind: 'http', url: 'javascript:alert(1)' })).toMatchObject({ url: ['URL must start with http:// or https://'] });
    expect(errorsOf({ ...common, kind: 'http', url: 'https://admin:hunter2@example.com/health' })).toMatchObject({
      url: ['URL must not contain a user name or password (it is shown on pages and in alerts)'],
    });
    expect(errorsOf({ ...common, ...valid.http, timeoutMs: 50 })).toMatchObject({ timeoutMs: ['Timeout must be at least 100 ms'] });
    expect(errorsOf({ ...common, ...valid.http, timeoutMs: 600_000 })).toMatchObject({ timeoutMs: ['Timeout must be at most 60000 ms'] });
  });

  it('Is It Reachable', () => {
    expect(errorsOf({ ...common, kind: 'tcp', host: '', port: 22 })).toMatchObject({ host: ['Host is required'] });
    expect(errorsOf({ ...common, kind: 'tcp', host: 'h', port: 'abc' })).toMatchObject({ port: ['Port must be a number'] });
    expect(errorsOf({ ...common, kind: 'tcp', host: 'h', port: 0 })).toMatchObject({ port: ['Port must be between 1 and 65535'] });
  });

  it('Why Latency', () => {
    expect(errorsOf({ ...common, ...valid.latency, maxLatencyMs: 0 })).toMatchObject({ maxLatencyMs: ['Max latency must be at least 1 ms'] });
    expect(errorsOf({ ...common, ...valid.latency, maxLatencyMs: 5000, timeoutMs: 1000 })).toMatchObject({ timeoutMs: ['Timeout must be at least the max latency'] });
  });

  it('Did It Run', () => {
    expect(errorsOf({ ...common, ...valid.heartbeat, graceSeconds: 0 })).toMatchObject({ graceSeconds: ['Grace period must be at least 1 second'] });
    expect(errorsOf({ ...common, ...valid.heartbeat, graceSeconds: 31 * 86_400 + 1 })).toMatchObject({ graceSeconds: ['Grace period must be at most 2678400 seconds (31 days)'] });
    expect(errorsOf({ ...common, ...valid.heartbeat, graceSeconds: 1.5 })).toMatchObject({ graceSeconds: ['Grace period must be a whole number of seconds'] });
    expect(errorsOf({ ...common, ...valid.heartbeat, graceSeconds: '60' })).toMatchObject({ graceSeconds: ['Grace period must be a number'] });
    expect(schema.parse({ ...common, kind: 'heartbeat' })).toMatchObject({ graceSeconds: 300 });
  });
});

describe('stored records', () => {
  const stored = { ...common, ...valid.tcp, id: 'm1', createdAt: 1, updatedAt: 2 };

  it('a record of an older version is upgraded one step at a time, then read', () => {
    const older = MONITOR_SCHEMA_VERSION - 1;
    const steps = { [older]: ({ title, ...rest }: Record<string, unknown>) => ({ ...rest, name: title, v: older + 1 }) };
    const upgraded = upgradeRecord({ ...stored, name: undefined, title: 'Old one', v: older }, steps);
    expect(upgraded).toEqual({ ...stored, name: 'Old one', v: MONITOR_SCHEMA_VERSION });
    expect(parseStoredMonitor('m1', JSON.stringify(upgraded))).toMatchObject({ name: 'Old one', v: MONITOR_SCHEMA_VERSION });
    expect(() => upgradeRecord({ ...stored, v: older }, { [older]: (record) => record })).toThrow(/does not raise the version/);
  });

  it('a record of a version no step upgrades from is refused, naming the version', () => {
    expect(() => parseStoredMonitor('m1', JSON.stringify({ ...stored, v: MONITOR_SCHEMA_VERSION - 1 })))
      .toThrow(new CorruptRecordError('m1', `no upgrade from schema version ${MONITOR_SCHEMA_VERSION - 1}`));
    expect(() => parseStoredMonitor('m1', JSON.stringify(stored))).toThrow(/Stored record m1 is unreadable: v/);
  });

  it('a current record reads back as saved', () => {
    expect(parseStoredMonitor('m1', JSON.stringify({ ...stored, v: 2 }))).toMatchObject({ id: 'm1', kind: 'tcp', port: 22 });
  });

  it('a corrupt record throws an error naming the monitor', () => {
    expect(() => parseStoredMonitor('m42', '{oops')).toThrow(new CorruptRecordError('m42', 'not valid JSON'));
    expect(() => parseStoredMonitor('m42', JSON.stringify({ ...stored, v: 2, port: 'many' }))).toThrow(/Stored record m42 is unreadable: port/);
    expect(() => parseStoredMonitor('m42', JSON.stringify({ ...stored, v: 2, kind: 'gopher' }))).toThrow(CorruptRecordError);
  });
});

describe('monitor input: JSON is strict', () => {
  it.each([[[443]], [true], ['0x50'], ['443'], [' 443'], [null]])('a port of %j is refused, not turned into a number', (port) => {
    expect(errorsOf({ ...common, kind: 'tcp', host: 'h', port })).toMatchObject({ port: ['Port must be a number'] });
  });

  it('thresholds, timeouts and counts take numbers only', () => {
    expect(errorsOf({ ...common, ...valid.tcp, failureThreshold: [3] })).toMatchObject({ failureThreshold: ['Failure threshold must be a number'] });
    expect(errorsOf({ ...common, ...valid.tcp, successThreshold: '2' })).toMatchObject({ successThreshold: ['Success threshold must be a number'] });
    expect(errorsOf({ ...common, ...valid.tcp, timeoutMs: true })).toMatchObject({ timeoutMs: ['Timeout must be a number'] });
    expect(errorsOf({ ...common, ...valid.redis, minKeys: '0x10' })).toMatchObject({ minKeys: ['Min keys must be a number'] });
    expect(errorsOf({ ...common, ...valid.latency, maxLatencyMs: [50] })).toMatchObject({ maxLatencyMs: ['Max latency must be a number'] });
  });

  it('switches take booleans only', () => {
    expect(errorsOf({ ...common, ...valid.redis, tls: 'on' })).toMatchObject({ tls: ['Must be true or false'] });
    expect(errorsOf({ ...common, ...valid.tcp, enabled: 'false' })).toMatchObject({ enabled: ['Enabled must be true or false'] });
  });

  it('channel ids are a list of ids', () => {
    expect(errorsOf({ ...common, ...valid.tcp, channelIds: 'abc' })).toMatchObject({ channelIds: ['Channels must be a list of channel ids'] });
    expect(errorsOf({ ...common, ...valid.tcp, channelIds: ['no spaces here'] })).toMatchObject({ channelIds: ['Channel ids are letters, digits, - and _'] });
  });
});

describe('monitor input: a mute end', () => {
  const DAY = 24 * 60 * 60 * 1000;

  it('must lie ahead, and at most a year ahead', () => {
    expect(errorsOf({ ...common, ...valid.tcp, mutedUntil: 1 })).toMatchObject({ mutedUntil: ['Choose a time in the future'] });
    expect(errorsOf({ ...common, ...valid.tcp, mutedUntil: Date.now() + 400 * DAY })).toMatchObject({ mutedUntil: ['A mute can last at most a year'] });
    expect(errorsOf({ ...common, ...valid.tcp, mutedUntil: 12032472144000000 })).toHaveProperty('mutedUntil');
    expect(errorsOf({ ...common, ...valid.tcp, mutedUntil: Date.now() + DAY })).toEqual({});
  });

  it('one that has ended stays readable in a stored record', () => {
    const record = { ...common, ...valid.tcp, id: 'm1', v: 2, createdAt: 1, updatedAt: 2, mutedUntil: 5 };
    expect(parseStoredMonitor('m1', JSON.stringify(record)).mutedUntil).toBe(5);
  });
});

describe('monitor input: control characters', () => {
  const controls = ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u202e', '\u202a', '\u2066', '\u2069', '\u200e', '\u200f'];

  it.each(controls.map((c) => [JSON.stringify(c), c]))('%s is refused in every free-text field', (_shown, c) => {
    expect(errorsOf({ ...common, ...valid.tcp, name: `evil${c}name` })).toMatchObject({ name: ['Name must not contain control characters or text-direction marks'] });
    expect(errorsOf({ ...common, kind: 'remind', message: `pay ${c}gpj.exe` })).toMatchObject({ message: ['Message must not contain control characters or text-direction marks'] });
    expect(errorsOf({ ...common, ...valid.http, expectedText: `ok${c}` })).toHaveProperty('expectedText');
    expect(errorsOf({ ...common, ...valid.http, url: `http://app.internal/${c}x` })).toHaveProperty('url');
    expect(errorsOf({ ...common, ...valid.elastic, user: `el${c}astic` })).toHaveProperty('user');
    expect(errorsOf({ ...common, ...valid.elastic, password: `pw${c}` })).toHaveProperty('password');
    expect(errorsOf({ ...common, ...valid.tcp, cron: `*/5 * * * *${c}` })).toHaveProperty('cron');
    expect(errorsOf({ ...common, ...valid.tcp, timeZone: `UTC${c}` })).toHaveProperty('timeZone');
  });

  it('a tab or line break is refused where the text is one line', () => {
    expect(errorsOf({ ...common, ...valid.tcp, name: 'a\tb' })).toHaveProperty('name');
    expect(errorsOf({ ...common, ...valid.tcp, name: 'a\nb' })).toHaveProperty('name');
  });
});
