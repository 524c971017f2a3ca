import { z } from 'zod';
import { CorruptRecordError } from '../errors';
import { text } from '../monitors/fields';
import { roleSchema } from '../users/schema';

/** What a user sends to make a token (form and API alike). */
export const tokenInputSchema = z.strictObject({
  name: text('The name', 80).min(1, 'The name is required'),
  role: roleSchema,
  expiresInDays: z
    .number({ error: 'Days until it expires must be a number' })
    .int('Days until it expires must be a whole number')
    .min(1, 'A token lasts at least 1 day')
    .max(3650, 'A token lasts at most 3650 days (leave it empty for no expiry)')
    .nullish(),
});

export type TokenInput = z.infer<typeof tokenInputSchema>;

/** A token as stored in its hash (tokens/lua/create-token.lua writes the same fields). */
export const storedTokenSchema = z.object({
  v: z.literal('1'),
  id: z.string().regex(/^t[0-9a-f]{12}$/),
  userId: z.string(),
  name: z.string(),
  role: roleSchema,
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.coerce.number().int(),
  expiresAt: z.coerce.number().int(), // 0: never
  lastUsedAt: z.coerce.number().int(), // 0: not yet
});

export type StoredToken = z.infer<typeof storedTokenSchema>;

/** A token as the list shows it: never the token, nor its hash. */
export interface TokenView {
  id: string;
  userId: string;
  name: string;
  role: z.infer<typeof roleSchema>;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  expired: boolean;
}

export function parseStoredToken(hash: Record<string, string>): StoredToken {
  const result = storedTokenSchema.safeParse(hash);
  if (!result.success) throw new CorruptRecordError(`token ${hash.id ?? '?'}`, result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return result.data;
}

export function toTokenView(token: StoredToken, now = Date.now()): TokenView {
  return {
    id: token.id, userId: token.userId, name: token.name, role: token.role, createdAt: token.createdAt,
    expiresAt: token.expiresAt || null, lastUsedAt: token.lastUsedAt || null, expired: token.expiresAt > 0 && token.expiresAt <= now,
  };
}
