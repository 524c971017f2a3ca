import { describe, expect, it } from 'vitest';
import { parseCron } from '../schedule';
import { fromQuartzCron, mapInstance } from '.';

describe('Quartz cron from the original', () => {
  it.each([
    ['0 0/5 * * * ?', { cron: '0/5 * * * *' }],
    ['30 * * * * ?', { cron: '30 * * * * *' }],
    ['0 0 9 ? * 2-6', { cron: '0 9 * * 1-5' }],
    ['0 0 9 ? * 1,7', { cron: '0 9 * * 0,6' }],
    ['0 0 9 ? * MON-FRI *', { cron: '0 9 * * MON-FRI' }],
    ['0 0 9 ? * 2/2', { cron: '0 9 * * 1/2' }],
  ])('%s becomes %o', (quartz, expected) => {
    expect(fromQuartzCron(quartz)).toEqual(expected);
    expect(() => parseCron(expected.cron)).not.toThrow();
  });

  it.each([
    ['0 0 9 L * ?', /L, W and # .* no equivalent/],
    ['0 0 9 ? * 6#3', /L, W and # .* no equivalent/],
    ['0 0 9 * * ? 2027', /year field \(2027\)/],
    ['*/5 * * * *', /not a Quartz cron expression/],
    ['0 0 9 ? * 0', /day of week 0/],
  ])('refuses %s', (quartz, why) => {
    const result = fromQuartzCron(quartz);
    expect('problem' in result && result.problem).toMatch(why);
  });
});

describe('an original instance as a monitor', () => {
  const job = (kind: string, config: Record<string, string>, creds: Record<string, string> = {}) =>
    mapInstance({ kind: kind as never, instance: 'prod', cron: '0 0/1 * * * ?', config, creds });

  it('maps I Watch Redis: type, auth, state and the on|min|max fields', () => {
    expect(job('IWATCHREDIS', { state: '1', keys: '1|10|500', iops: '0|0|1000' }, { host: 'r1', port: '6380', auth: 'pw', type: 'cluster' })).toEqual({
      input: {
        kind: 'redis', name: 'prod', cron: '0/1 * * * *', timeZone: 'UTC', host: 'r1', port: 6380, password: 'pw', mode: 'cluster',
        watchHealth: true, watchKeys: true, minKeys: 10, maxKeys: 500, watchIops: false, minIops: 0, maxIops: 1000,
      },
    });
  });

  it('maps the other five kinds field by field', () => {
    expect(job('IWATCHELASTIC', { state: '1' }, { url: 'http://es:9200', user: 'u', auth: 'p', auth_required: '1' })).toMatchObject({ input: { kind: 'elastic', url: 'http://es:9200', user: 'u', password: 'p', authRequired: true, watchHealth: true } });
    expect(job('REMINDME', { message: 'standup' })).toMatchObject({ input: { kind: 'remind', message: 'standup' } });
    expect(job('CHECKMYHEALTH', { url: 'http://site/health', response: 'OK' })).toMatchObject({ input: { kind: 'http', url: 'http://site/health', expectedText: 'OK' } });
    expect(job('ISITREACHABLE', { host: 'db', port: '5432', timeout: '3000' })).toMatchObject({ input: { kind: 'tcp', host: 'db', port: 5432, timeoutMs: 3000 } });
    expect(job('WHYLATENCY', { host: 'db', port: '5432', max_latency: '200' })).toMatchObject({ input: { kind: 'latency', host: 'db', port: 5432, maxLatencyMs: 200, timeoutMs: 10_200 } });
  });

  it('says why an instance cannot be mapped', () => {
    expect(job('IWATCHREDIS', { state: '1', keys: 'yes', iops: '0|0|1' }, { host: 'r', port: '1', type: 'standalone' })).toEqual({ problem: 'keys "yes" is not on|min|max' });
    expect(job('IWATCHREDIS', { state: '1', keys: '0|0|1', iops: '0|0|1' }, { host: 'r', port: '1', type: 'sentinel' })).toEqual({ problem: 'type "sentinel" is neither standalone nor cluster' });
    expect(mapInstance({ kind: 'REMINDME', instance: 'x', config: { message: 'm' }, creds: {} })).toEqual({ problem: 'no job entry with a cron in H:IMALERT:JOB_HASH' });
  });
});
