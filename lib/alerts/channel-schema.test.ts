import { describe, expect, it } from 'vitest';
import { isUserError } from '../errors';
import { channelNameSchema, parseField } from './channel-schema';

const refusal = (name: unknown) => {
  try {
    parseField(channelNameSchema, 'name', name);
  } catch (error) {
    if (isUserError(error)) return error.fieldErrors;
    throw error;
  }
  return undefined;
};

describe('a channel name', () => {
  it('is trimmed, and refused when empty or too long', () => {
    expect(parseField(channelNameSchema, 'name', '  ops  ')).toBe('ops');
    expect(refusal('  ')).toEqual({ name: ['The name is required'] });
    expect(refusal('x'.repeat(81))).toEqual({ name: ['The name is at most 80 characters'] });
  });

  it.each([['a bell', 'ops\u0007'], ['a right-to-left override', 'ops\u202egpj.exe'], ['a line break', 'ops\nall'], ['an isolate', '\u2066ops']])(
    'is refused with %s in it', (_what, name) => {
      expect(refusal(name)).toEqual({ name: ['The name must not contain control characters or text-direction marks'] });
    },
  );
});
