import { z } from 'zod';
import { wholeNumber } from '../fields';

/** The longest grace: a month, for jobs that run monthly and may take days. */
export const MAX_GRACE_SECONDS = 31 * 24 * 3600;

/** Did It Run: the job pings imalert's URL after each scheduled run; no ping within the grace is DOWN. */
export const heartbeatFields = z.object({
  kind: z.literal('heartbeat'),
  graceSeconds: wholeNumber('Grace period', ' of seconds')
    .min(1, 'Grace period must be at least 1 second')
    .max(MAX_GRACE_SECONDS, `Grace period must be at most ${MAX_GRACE_SECONDS} seconds (31 days)`)
    .default(300),
});

/** "90 s", "5 min", "2 h", "1 d 6 h": a grace as people read it. */
export function graceText(seconds: number): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, unit] of [[86_400, 'd'], [3600, 'h'], [60, 'min']] as const) {
    if (rest >= size && (rest % size === 0 || parts.length || rest >= 2 * size)) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    }
  }
  if (rest || !parts.length) parts.push(`${rest} s`);
  return parts.join(' ');
}

export const heartbeatKind = {
  kind: 'heartbeat',
  displayName: 'Did It Run',
  fields: heartbeatFields,
  secretFields: [] as const,
  target: (m: { graceSeconds: number }) => `a ping within ${graceText(m.graceSeconds)} of each run`,
  refine() {},
  /** Its job pings imalert (lib/pings): a ping URL, and no "Run now" (there is nothing to run). */
  takesPings: true,
  /** The scheduled run is the deadline: the grace after each fire time (see lib/queue/fire-times.ts). */
  runDelayMs: (m: { graceSeconds: number }) => m.graceSeconds * 1000,
} as const;
