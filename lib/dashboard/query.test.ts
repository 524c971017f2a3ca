import { describe, expect, it } from 'vitest';
import { UserError } from '../errors';
import { encodeCursor } from './cursor';
import { parseDashboardQuery } from './types';

/** The UserError a query gives (what the API answers with 400), or undefined when it is accepted. */
function refusal(params: Record<string, string>): UserError | undefined {
  try {
    parseDashboardQuery(new URLSearchParams(params));
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  return undefined;
}

describe('dashboard and API query', () => {
  it('reads good parameters', () => {
    const after = encodeCursor('web\0m1');
    expect(parseDashboardQuery(new URLSearchParams({ status: 'down', kind: 'http', search: ' web ', limit: '200', after }))).toEqual({ status: 'down', kind: 'http', search: 'web', limit: 200, after });
    expect(parseDashboardQuery(new URLSearchParams())).toEqual({ limit: 50 });
  });

  it('a search over 100 characters is refused, not dropped', () => {
    expect(refusal({ search: 'x'.repeat(101) })?.message).toBe('Bad query: search: Search is at most 100 characters');
    expect(refusal({ search: 'x'.repeat(100) })).toBeUndefined();
  });

  it.each([
    [{ status: 'sleeping' }, 'status', /Unknown status; use one of pending, up, down, paused/],
    [{ kind: 'gopher' }, 'kind', /Unknown kind; use one of redis/],
    [{ limit: 'abc' }, 'limit', /Limit must be a whole number from 1 to 200/],
    [{ limit: '0' }, 'limit', /Limit must be a whole number from 1 to 200/],
    [{ limit: '201' }, 'limit', /Limit must be a whole number from 1 to 200/],
    [{ limit: '0x10' }, 'limit', /Limit must be a whole number/],
    [{ after: 'not a cursor!' }, 'after', /page cursor/],
    [{ after: encodeCursor('no separator') }, 'after', /page cursor/],
    [{ search: 'a\u202eb' }, 'search', /Search must not contain control characters/],
  ])('%j is refused naming %s', (params, field, message) => {
    const error = refusal(params as Record<string, string>);
    expect(error?.message).toMatch(message);
    expect(error?.fieldErrors[field]?.[0]).toMatch(message);
  });
});
