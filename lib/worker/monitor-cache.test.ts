import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { encryptSecret, loadKeyring } from '../crypto/secrets';
import { CorruptRecordError } from '../errors';
import { MonitorCache } from './monitor-cache';

const config = loadConfig({ IMALERT_SECRET_KEY: 'c'.repeat(64) } as unknown as NodeJS.ProcessEnv);
const keyring = loadKeyring(config);

function record(fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    v: 2, id: 'm1', kind: 'redis', name: 'cache', cron: '* * * * *', timeZone: 'UTC', enabled: true, mutedUntil: null,
    failureThreshold: 1, successThreshold: 1, renotifyMinutes: 60, channelIds: [], createdAt: 1, updatedAt: 1,
    mode: 'standalone', host: '127.0.0.1', port: 6379, password: encryptSecret('s3cret', keyring), check: 'health', timeoutMs: 1000, ...fields,
  });
}

describe('MonitorCache', () => {
  it('parses a record once per text: the same text gives the same monitor, an edit is read anew', () => {
    const cache = new MonitorCache({ keyring }, 10);
    const json = record();
    const first = cache.get('m1', json, '7');
    expect(first.monitor).toMatchObject({ id: 'm1', name: 'cache' });
    expect(JSON.parse(first.openJson)).toMatchObject({ password: 's3cret' });
    expect(first.monitor).not.toHaveProperty('password', 's3cret');
    expect(cache.get('m1', json, '7')).toBe(first);
    const edited = cache.get('m1', record({ name: 'cache renamed' }), '8');
    expect(edited).not.toBe(first);
    expect(edited.monitor.name).toBe('cache renamed');
    // The copy held says which write of the record it is: the worker reads the record again when that changes.
    expect(cache.known('m1')).toBe(edited);
    expect(cache.known('m1')?.version).toBe('8');
    expect(cache.known('m2')).toBeUndefined();
  });

  it('throws for a record that is not a monitor, and does not keep it', () => {
    const cache = new MonitorCache({ keyring }, 10);
    expect(() => cache.get('m1', '{"kind":"redis"}', '7')).toThrow(CorruptRecordError);
    expect(() => cache.get('m1', '{"kind":"redis"}', '7')).toThrow(CorruptRecordError);
    expect(cache.get('m1', record(), '7').monitor.kind).toBe('redis');
  });

  it('keeps at most its size, and nothing with size 0', () => {
    const none = new MonitorCache({ keyring }, 0);
    const json = record();
    expect(none.get('m1', json, '7')).not.toBe(none.get('m1', json, '7'));
    const one = new MonitorCache({ keyring }, 1);
    const first = one.get('m1', json, '7');
    expect(one.get('m1', json, '7')).toBe(first);
    one.get('m2', record({ id: 'm2' }), '7');
    expect(one.get('m1', json, '7')).not.toBe(first);
  });

  it('when full, lets go of the monitor used least recently, not of all', () => {
    const cache = new MonitorCache({ keyring }, 2);
    const m1 = cache.get('m1', record(), '7');
    cache.get('m2', record({ id: 'm2' }), '7');
    expect(cache.known('m1')).toBe(m1); // m1 used again: m2 is now the least recent
    cache.get('m3', record({ id: 'm3' }), '7');
    expect(cache.known('m1')).toBe(m1);
    expect(cache.known('m2')).toBeUndefined();
    expect(cache.known('m3')?.monitor.id).toBe('m3');
  });
});
