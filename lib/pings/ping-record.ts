import { z } from 'zod';

/**
 * keys.ping(id), a HASH written by the ping scripts (lib/pings/lua): the monitor's ping token, as its
 * SHA-256 (the index's key) and encrypted (to show it again), and the last start, success, failure
 * and run time. Every field it may hold, as stored.
 */
const digits = z.string().regex(/^\d+$/, 'expected a whole number in digits').transform(Number);

export const pingRecordSchema = z.strictObject({
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hex'),
  token: z.string().startsWith('enc:', 'expected an encrypted token'),
  startedAt: digits.optional(),
  succeededAt: digits.optional(),
  failedAt: digits.optional(),
  runMs: digits.optional(),
});

/** What the monitor page shows of a Did It Run's pings (never the token's hash). */
export interface PingActivity {
  startedAt: number | null;
  succeededAt: number | null;
  failedAt: number | null;
  runMs: number | null;
}
