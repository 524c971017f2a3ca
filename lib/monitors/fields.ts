import { z } from 'zod';

/**
 * Field builders shared by the check-kind schemas. They accept both JSON values (API, storage) and
 * the strings a form posts, so one schema serves the form, the server action, the API and Redis.
 */
export const MAX_TIMEOUT_MS = 60_000;

export const port = (label = 'Port') =>
  z.coerce
    .number({ error: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .min(1, `${label} must be between 1 and 65535`)
    .max(65535, `${label} must be between 1 and 65535`);

export const host = z
  .string({ error: 'Host is required' })
  .trim()
  .min(1, 'Host is required')
  .max(253, 'Host is at most 253 characters')
  // Empty is "Host is required" alone, not also "must be a host name".
  .regex(/^[A-Za-z0-9.\-:[\]_]*$/, 'Host must be a host name or an IP address');

export const httpUrl = (label = 'URL') =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(2000, `${label} is at most 2000 characters`)
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
      } catch {
        return false;
      }
    }, `${label} must start with http:// or https://`)
    // A URL is shown on pages and in Slack; credentials inside it would not stay secret.
    .refine((value) => !/^[a-z]+:\/\/[^/?#]*@/i.test(value), `${label} must not contain a user name or password (it is shown on pages and in alerts)`);

export const timeoutMs = (def: number) =>
  z.coerce
    .number({ error: 'Timeout must be a number' })
    .int('Timeout must be a whole number of milliseconds')
    .min(100, 'Timeout must be at least 100 ms')
    .max(MAX_TIMEOUT_MS, `Timeout must be at most ${MAX_TIMEOUT_MS} ms`)
    .default(def);

export const count = (label: string) =>
  z.coerce.number({ error: `${label} must be a number` }).int(`${label} must be a whole number`).min(0, `${label} cannot be negative`);

/** A checkbox: absent or "off" is false; "on"/"true" is true; JSON booleans pass through. */
export const checkbox = z.preprocess(
  (value) => value === true || value === 'on' || value === 'true' || value === '1',
  z.boolean(),
);

/** A secret as typed (plain) or as stored (an enc:v1: ciphertext); empty means none / unchanged. */
export const secret = z.string().max(1000, 'At most 1000 characters').default('');
