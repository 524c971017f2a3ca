import { z } from 'zod';

/**
 * What the result scripts keep in Redis, as read back by the UI. Redis holds strings; these schemas
 * turn them into typed values, and anything malformed becomes a clear error naming the field.
 */
export const MONITOR_STATUSES = ['pending', 'up', 'down'] as const;
export type MonitorStatus = (typeof MONITOR_STATUSES)[number];

const blank = (v: unknown) => v === undefined || v === null || v === '';
/** A time or a duration in ms; absent or '' is null. */
const optionalMs = z.preprocess((v) => (blank(v) ? null : Number(v)), z.number().int().nonnegative().nullable());
const counter = z.preprocess((v) => (blank(v) ? 0 : Number(v)), z.number().int().nonnegative());
const optionalText = z.preprocess((v) => (blank(v) ? null : v), z.string().nullable());
const jsonObject = z.preprocess((v) => {
  if (blank(v)) return null;
  try {
    return JSON.parse(String(v));
  } catch {
    return 'not JSON';
  }
}, z.record(z.string(), z.unknown()).nullable());

/** keys.state(id), a HASH of strings. Internal streak fields of the script are not exposed. */
export const monitorStateSchema = z.object({
  status: z.enum(MONITOR_STATUSES),
  statusSince: optionalMs,
  lastResult: z.preprocess((v) => (blank(v) ? null : v), z.enum(['ok', 'failed']).nullable()),
  lastMessage: z.string().default(''),
  lastDetails: jsonObject,
  lastRunAt: optionalMs,
  lastFireTime: optionalMs,
  lastDurationMs: optionalMs,
  lastTrigger: optionalText,
  lastWorker: optionalText,
  consecutiveFailures: counter,
  consecutiveSuccesses: counter,
  downSince: optionalMs,
  downAlerted: z.preprocess((v) => v === '1', z.boolean()),
  lastAlertAt: optionalMs,
  incidentId: optionalText,
  skippedCount: counter,
  lastSkippedAt: optionalMs,
  lastSkipReason: optionalText,
});
export type MonitorState = z.infer<typeof monitorStateSchema>;

/** A monitor's state, or why it could not be read (missing: deleted meanwhile or never created). */
export type StateEntry = { id: string; state?: MonitorState; error?: string };

/** One member of keys.runs(id): a run, or a skipped job (`skip` holds the reason). A run written
 *  without a trigger was scheduled (the result script's runs name only the manual ones). */
export const runEntrySchema = z.object({
  t: z.number(),
  ok: z.boolean().optional(),
  d: z.number().optional(),
  msg: z.string().optional(),
  skip: z.string().optional(),
  trigger: z.string().default('schedule'),
  id: z.string().optional(),
});
export type RunEntry = z.infer<typeof runEntrySchema>;

/** One member of keys.incidents(id): a down period; `end` is absent while it lasts. */
export const incidentSchema = z.object({
  id: z.string(),
  start: z.number(),
  end: z.number().nullable().optional().transform((v) => v ?? null),
  firstMessage: z.string().default(''),
});
export type Incident = z.infer<typeof incidentSchema>;

export type RollupPeriod = '24h' | '7d' | '90d';

/** One hourly or daily bucket; durations are null when the bucket holds only skipped jobs. */
export interface RollupPoint {
  t: number;
  checks: number;
  failures: number;
  skipped: number;
  avgMs: number | null;
  minMs: number | null;
  maxMs: number | null;
  p95Ms: number | null;
}

export interface Uptime {
  checks: number;
  failures: number;
  /** Share of checks that passed, 0..100; null when there was no check in the period. */
  uptimePct: number | null;
}

export interface StatusCounts {
  pending: number;
  up: number;
  down: number;
  paused: number;
}
