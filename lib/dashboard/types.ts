import { z } from 'zod';
import { MONITOR_KINDS } from '../monitors';

/** Status filters: the three statuses, plus "paused" (a field, not a status, but filterable). */
export const STATUS_FILTERS = ['pending', 'up', 'down', 'paused'] as const;

export const dashboardQuerySchema = z.object({
  status: z.enum(STATUS_FILTERS).optional().catch(undefined),
  kind: z.enum(MONITOR_KINDS as [string, ...string[]]).optional().catch(undefined),
  search: z.string().trim().max(100).optional().catch(undefined),
  /** Opaque: where the previous page ended (base64url of "lower-cased name\0id"). */
  after: z.string().max(400).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(200).default(50).catch(50),
});

export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

export function parseDashboardQuery(params: URLSearchParams | Record<string, string | undefined>): DashboardQuery {
  const raw = params instanceof URLSearchParams ? Object.fromEntries(params) : params;
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  return dashboardQuerySchema.parse(cleaned);
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
  lastRunAt: number | null;
  lastDurationMs: number | null;
  lastMessage: string;
  uptime24h: number | null;
  nextRunAt: number | null;
  /** Set when the stored record could not be read: the row says so instead of breaking the page. */
  error?: string;
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
  /** Jobs not read by any worker yet; estimated from the first unread entries for a long backlog. */
  jobsWaiting: number;
  jobsWaitingEstimated: boolean;
  /** Jobs the live workers hold (running or queued in them). */
  jobsPending: number;
  deadLetters: number;
}

export interface DashboardPage {
  rows: DashboardRow[];
  counts: StatusCounts;
  system: SystemStatus;
  /** Cursor of the next page, or null on the last page. */
  nextAfter: string | null;
  /** Matching monitors when known cheaply (filtered by one index or a small set), else null. */
  matching: number | null;
  generatedAt: number;
}
