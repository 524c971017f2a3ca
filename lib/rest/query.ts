import { z } from 'zod';
import { UserError } from '../errors';
import { fieldErrorsOf } from '../monitors';

/** Paging of newest-first lists (alert log, dead letters): `before` an id this server gave out, `limit` 1-200. */
export const pageQuerySchema = z.object({
  before: z.string().regex(/^\d{1,20}-\d{1,20}$/, 'before must be an id from a previous page').optional(),
  limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit is 1-200').max(200, 'limit is 1-200').default(50),
}).strict();

export const periodQuerySchema = z.object({
  period: z.enum(['24h', '7d', '90d'], { error: 'period is 24h, 7d or 90d' }).default('24h'),
}).strict();

/** Parses a query string by a schema; a parameter that is not understood is a 400 naming it. */
export function parseQuery<T extends z.ZodType>(schema: T, url: string): z.infer<T> {
  const params = Object.fromEntries(new URL(url).searchParams);
  const result = schema.safeParse(params);
  if (!result.success) {
    const fieldErrors = fieldErrorsOf(result.error);
    const unknown = result.error.issues.find((issue) => issue.code === 'unrecognized_keys');
    throw new UserError(unknown ? `Unknown query parameter: ${(unknown as { keys: string[] }).keys.join(', ')}` : 'Please correct the query parameters.', fieldErrors);
  }
  return result.data;
}
