import { describe, expect, it } from 'vitest';
import { isCorruptRecordError } from '../errors';
import { outboxEntrySchema, parseOutboxEntry, toStoredAlert } from './outbox-entry';

const entry = {
  alertId: 'm1:1700000000000:down', type: 'down', monitorId: 'm1', monitorName: 'db', kind: 'tcp', target: 'db:5432',
  message: 'refused', at: '1700000000123', fireTime: '1700000000000', since: '1700000000000', downForMs: '', channelIds: '["ch1"]',
};
const stored = { ...entry, streamId: '1700000000123-0', channels: '["ch1"]', status: 'queued', attempts: '0', lastError: '', 'st:ch1': 'queued' };

const problems = (fields: Record<string, string>) => (outboxEntrySchema.safeParse(fields).error?.issues ?? []).map((i) => i.path.join('.'));

describe('the outbox entry schema', () => {
  it('reads an entry as the code uses it', () => {
    expect(parseOutboxEntry(entry)).toMatchObject({ type: 'down', at: 1700000000123, channelIds: '["ch1"]' });
  });

  it('refuses an unknown field, a time that is not whole digits, an unknown type and a channel list that is not one', () => {
    expect(problems({ ...entry, colour: 'red' })).toEqual(['']);
    expect(problems({ ...entry, at: '1.700000000123e+12' })).toEqual(['at']);
    expect(problems({ ...entry, type: 'sideways' })).toEqual(['type']);
    expect(problems({ ...entry, channelIds: '{}' })).toEqual(['channelIds']);
    const { message: _message, ...withoutMessage } = entry;
    expect(problems(withoutMessage)).toEqual(['message']);
  });

  it('reads an alert hash with each channel status, and names the record and field it cannot read', () => {
    expect(toStoredAlert(stored)).toMatchObject({ status: 'queued', channels: ['ch1'], channelStatus: { ch1: 'queued' }, attempts: 0, deliveredAt: null });
    const refusal = (hash: Record<string, string>) => {
      try {
        toStoredAlert(hash);
      } catch (error) {
        if (isCorruptRecordError(error)) return error.message;
        throw error;
      }
      return 'read';
    };
    expect(refusal({ ...stored, 'st:ch1': 'lost' })).toMatch(new RegExp(`^Stored record alert ${entry.alertId} is unreadable: st:ch1`));
    expect(refusal({ ...stored, colour: 'queued' })).toContain('colour: not a field of an alert');
    expect(refusal({ ...stored, attempts: 'two' })).toContain('attempts');
    const { 'st:ch1': _status, ...withoutStatus } = stored;
    expect(refusal(withoutStatus)).toContain('st:ch1: missing');
  });
});
