import { describe, expect, it, vi } from 'vitest';
import { ConfigError, CorruptRecordError, isConfigError, isCorruptRecordError, isRedisUnavailable, isUserError, UserError } from './errors';

/** A second copy of the module, as another bundle of the Next build holds it: same code, other classes. */
async function otherCopy(): Promise<typeof import('./errors')> {
  vi.resetModules();
  return import('./errors');
}

describe('errors are recognised by their code, across module copies and processes', () => {
  it('knows a UserError thrown by another copy of the module, with its field errors', async () => {
    const other = await otherCopy();
    const error = new other.UserError('Please correct the highlighted fields.', { port: ['Port must be between 1 and 65535'] });
    expect(error).not.toBeInstanceOf(UserError);
    expect(isUserError(error)).toBe(true);
    expect(isUserError(new UserError('mine'))).toBe(true);
  });

  it('knows a user error that crossed a process as plain data, and nothing else', () => {
    const crossed = JSON.parse(JSON.stringify({ ...new UserError('Name taken', { name: ['taken'] }), message: 'Name taken' }));
    expect(isUserError(crossed)).toBe(true);
    expect(isUserError(new Error('Port must be between 1 and 65535'))).toBe(false);
    expect(isUserError({ code: 'USER_ERROR' })).toBe(false);
    expect(isUserError(null)).toBe(false);
    expect(isUserError('USER_ERROR')).toBe(false);
  });

  it('knows CorruptRecordError and ConfigError from another copy', async () => {
    const other = await otherCopy();
    expect(isCorruptRecordError(new other.CorruptRecordError('m1', 'not valid JSON'))).toBe(true);
    expect(isCorruptRecordError(new CorruptRecordError('m1', 'not valid JSON'))).toBe(true);
    expect(isConfigError(new other.ConfigError('REDIS_URL is not set'))).toBe(true);
    expect(isConfigError(new ConfigError('x'))).toBe(true);
    expect(isCorruptRecordError(new other.UserError('x'))).toBe(false);
    expect(isConfigError(new Error('x'))).toBe(false);
  });

  it('tells a Redis outage by the codes and messages ioredis uses', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(isRedisUnavailable(refused)).toBe(true);
    expect(isRedisUnavailable(new Error('Command timed out'))).toBe(true);
    expect(isRedisUnavailable(Object.assign(new Error('Reached the max retries per request limit (which is 1).'), { name: 'MaxRetriesPerRequestError' }))).toBe(true);
    expect(isRedisUnavailable(new Error('Connection is closed.'))).toBe(true);
    expect(isRedisUnavailable(new UserError('Please correct the highlighted fields.'))).toBe(false);
    expect(isRedisUnavailable(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBe(false);
    expect(isRedisUnavailable(undefined)).toBe(false);
  });
});
