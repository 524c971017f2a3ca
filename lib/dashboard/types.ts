import { z } from 'zod';
import { UserError } from '../errors';
import { fieldErrorsOf, MONITOR_KINDS, tagSchema } from '../monitors';
import type { TagCount } from '../store/tags';
import { controlCharactersMessage, hasControlCharacters } from '../monitors/fields';
import { decodeCursor } from './cursor';

/** Status filters: the three statuses, plus "paused" (a field, not a status, but filterable). */
export const STATUS_FILTERS = ['pending', 'up', 'down', 'paused'] as const;

const MAX_SEARCH_CHARS = 100;

/** A page cursor must decode to what encodeCursor wrote: a name index member ("name\0id"). */
const isCursor = (value: string) => /^[A-Za-z0-9_-]{1,400}$/.test(value) && decodeCursor(value) !== undefined;

/** The query of the dashboard and of GET /api/monitors: every parameter as text, as a URL carries it. */
export const dashboardQuerySchema = z.object({
  status: z.enum(STATUS_FILTERS, { error: `Unknown status; use one of ${STATUS_FILTERS.join(', ')}` }).optional(),
  kind: z.enum(MONITOR_KINDS as [string, ...string[]], { error: `Unknown kind; use one of ${MONITOR_KINDS.join(', ')}` }).optional(),
  tag: tagSchema.optional(),
  search: z
    .string()
    .trim()
    .max(MAX_SEARCH_CHARS, `Search is at most ${MAX_SEARCH_CHARS} characters`)
    .refine((value) => !hasControlCharacters(value), controlCharactersMessage('Search'))
    .optional(),
  /** Opaque: where the previous page ended (base64url of "lower-cased name\0id"). */
  after: z.string().refine(isCursor, 'The page cursor (after) is not one this server gave out').optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'Limit must be a whole number from 1 to 200')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 200, 'Limit must be a whole number from 1 to 200')
    .default(50),
});

export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

/** Parses the query; a parameter that is not understood is a UserError naming it (never silently ignored). */
export function parseDashboardQuery(params: URLSearchParams | Record<string, string | undefined>): DashboardQuery {
  const raw = params instanceof URLSearchParams ? Object.fromEntries(params) : params;
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const result = dashboardQuerySchema.safeParse(cleaned);
  if (result.success) return result.data;
  const fieldErrors = fieldErrorsOf(result.error);
  throw new UserError(`Bad query: ${Object.entries(fieldErrors).map(([key, messages]) => `${key}: ${messages.join('; ')}`).join('; ')}`, fieldErrors);
}

export interface DashboardRow {
  id: string;
  name: string;
  kind: string;
  kindName: string;
  target: string;
  cron: string;
  timeZone: string;
  schedule: string;
  status: 'pending' | 'up' | 'down';
  statusSince: number | null;
  paused: boolean;
  mutedUntil: number | null;
  /** The end of the maintenance window the monitor is in now, or null. */
  maintenanceUntil: number | null;
  tags: string[];
  lastRunAt: number | null;
  lastDurationMs: number | null;
  lastMessage: string;
  uptime24h: number | null;
  nextRunAt: number | null;
  /** Set when the stored record could not be read: the row says so instead of breaking the page. */
  error?: string;
}

export interface ActiveMaintenance {
  id: string;
  name: string;
  until: number;
  /** Whom it covers, in words: "all monitors", "tag db", "3 monitors". */
  covers: string;
}

export interface StatusCounts {
  total: number;
  pending: number;
  up: number;
  down: number;
  paused: number;
}

export interface SystemStatus {
  redis: 'up' | 'down';
  controllers: number;
  workers: number;
  /** Jobs not read by any worker yet. */
  jobsWaiting: number;
  /** Jobs read by a worker and not finished yet (running, queued in it, or held by one that died). */
  jobsPending: number;
  deadLetters: number;
}

export interface DashboardPage {
  rows: DashboardRow[];
  counts: StatusCounts;
  system: SystemStatus;
  /** Every tag (the most used, up to TAGS_LISTED) with its number of monitors, for the tag filter. */
  tags: TagCount[];
  /** The maintenance windows on now. */
  maintenance: ActiveMaintenance[];
  /** Cursor of the next page, or null on the last page. */
  nextAfter: string | null;
  /** Matching monitors when known cheaply (filtered by one index or a small set), else null. */
  matching: number | null;
  generatedAt: number;
}
