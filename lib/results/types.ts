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
  if (typeof v === 'object') return v; // from the last run's JSON, parsed already
  try {
    return JSON.parse(String(v));
  } catch {
    return 'not JSON';
  }
}, z.record(z.string(), z.unknown()).nullable());

/** The state's `last` field: the last run as the result script stores it (lastRunJson in apply.ts). */
const lastRunSchema = z.object({ m: z.string(), d: z.record(z.string(), z.unknown()), ms: z.number(), w: z.string(), tr: z.string().optional() });

/**
 * The last run is one field, `last`, in states written since it became one; older states carry
 * lastMessage, lastDetails, … as fields of their own, still read. `last` wins when both are there.
 * An unreadable `last` is kept, so the schema below names it.
 */
function expandLastRun(fields: unknown): unknown {
  if (!fields || typeof fields !== 'object' || !('last' in fields)) return fields;
  const { last, ...rest } = fields as Record<string, unknown>;
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(last));
  } catch {
    return fields;
  }
  const run = lastRunSchema.safeParse(parsed);
  if (!run.success) return fields;
  const { m, d, ms, w, tr } = run.data;
  return { ...rest, lastMessage: m, lastDetails: d, lastDurationMs: ms, lastWorker: w, lastTrigger: tr ?? 'schedule' };
}

/** keys.state(id), a HASH of strings. Internal streak fields of the script are not exposed. */
export const monitorStateSchema = z.preprocess(expandLastRun, z.object({
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
  last: z.never({ error: 'not the last run as the result script writes it' }).optional(),
}));
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
