import { z } from 'zod';

/**
 * keys.state(id), a HASH of strings written by the result scripts (lib/results/lua) and by the store
 * (status on create): every field it may hold, as it is stored. A field not named here, or a value not
 * in its stored form, makes the state unreadable with an error naming the field.
 */
export const MONITOR_STATUSES = ['pending', 'up', 'down'] as const;
export type MonitorStatus = (typeof MONITOR_STATUSES)[number];

/** Times, counters and fire times as the scripts write them: digits only (never 1e+15 or nan). */
const digits = z.string().regex(/^\d+$/, 'expected a whole number in digits').transform(Number);
/** A time the script clears with '' (not down, no alert yet). */
const digitsOrNone = z.union([z.literal('').transform(() => null), digits]);

/** The state's `last` field: the last run, as lib/results/apply.ts builds it (lastRunJson). */
export const lastRunSchema = z.strictObject({
  m: z.string(),
  d: z.record(z.string(), z.unknown()),
  ms: z.number().int().nonnegative(),
  w: z.string(),
  tr: z.enum(['manual', 'ping']).optional(),
  sv: z.number().int().positive().optional(),
});
export type LastRun = z.infer<typeof lastRunSchema>;

const lastRunField = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not the last run as the result script writes it' });
    return z.NEVER;
  }
}).pipe(lastRunSchema);

export const stateHashSchema = z.strictObject({
  status: z.enum(MONITOR_STATUSES),
  statusSince: digitsOrNone.optional(),
  lastResult: z.enum(['ok', 'failed']).optional(),
  last: lastRunField.optional(),
  lastRunAt: digits.optional(),
  lastFireTime: digits.optional(),
  consecutiveFailures: digits.optional(),
  consecutiveSuccesses: digits.optional(),
  // Streaks, incidents and alerts (the result script's own bookkeeping).
  failStreakStart: digits.optional(),
  failStreakMessage: z.string().optional(),
  okStreakStart: digits.optional(),
  downSince: digitsOrNone.optional(),
  downAlerted: z.enum(['0', '1']).optional(),
  lastAlertAt: digitsOrNone.optional(),
  incidentId: z.string().optional(),
  toldSeverity: digitsOrNone.optional(),
  // History: runs after rolledTo (unrolled of them) are not in the rollups yet; hours from dailyFrom on not in their day.
  rolledTo: digits.optional(),
  unrolled: digits.optional(),
  dailyFrom: digits.optional(),
  // Jobs not run (record-skipped.lua).
  skippedCount: digits.optional(),
  lastSkippedAt: digits.optional(),
  lastSkipReason: z.string().optional(),
});
export type StateHash = z.infer<typeof stateHashSchema>;

/** The state as the UI shows it: the last run unpacked, absent values null, internal fields left out. */
export const monitorStateSchema = stateHashSchema.transform((s) => ({
  status: s.status,
  statusSince: s.statusSince ?? null,
  lastResult: s.lastResult ?? null,
  lastMessage: s.last?.m ?? '',
  lastDetails: s.last?.d ?? null,
  lastRunAt: s.lastRunAt ?? null,
  lastFireTime: s.lastFireTime ?? null,
  lastDurationMs: s.last?.ms ?? null,
  lastTrigger: s.last ? (s.last.tr ?? 'schedule') : null,
  lastWorker: s.last?.w ?? null,
  consecutiveFailures: s.consecutiveFailures ?? 0,
  consecutiveSuccesses: s.consecutiveSuccesses ?? 0,
  downSince: s.downSince ?? null,
  downAlerted: s.downAlerted === '1',
  lastAlertAt: s.lastAlertAt ?? null,
  incidentId: s.incidentId || null,
  skippedCount: s.skippedCount ?? 0,
  lastSkippedAt: s.lastSkippedAt ?? null,
  lastSkipReason: s.lastSkipReason || null,
}));
export type MonitorState = z.infer<typeof monitorStateSchema>;

/** The fields the chart readers need of a state, read with HMGET in this order. */
export const HISTORY_MARK_FIELDS = ['dailyFrom', 'rolledTo', 'unrolled'] as const;
type HistoryMarks = Partial<Pick<StateHash, (typeof HISTORY_MARK_FIELDS)[number]>>;

/** The history marks of a state through the schema; a malformed one reads as absent. */
export function historyMarks(values: Array<string | null>): HistoryMarks {
  const marks: HistoryMarks = {};
  HISTORY_MARK_FIELDS.forEach((name, i) => {
    const parsed = stateHashSchema.shape[name].safeParse(values[i] ?? undefined);
    if (parsed.success && parsed.data !== undefined) marks[name] = parsed.data;
  });
  return marks;
}
