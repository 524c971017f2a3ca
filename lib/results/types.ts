import { z } from 'zod';
import type { MonitorState } from './state-schema';

/**
 * What the result scripts keep in Redis, as read back by the UI. Redis holds strings; these schemas
 * turn them into typed values, and anything malformed becomes a clear error naming the field.
 */
export { MONITOR_STATUSES, monitorStateSchema, type MonitorState, type MonitorStatus } from './state-schema';

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
