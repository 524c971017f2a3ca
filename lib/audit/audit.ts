import type { AppContext } from '../context';
import { createLogger } from '../log';
import { auditEntrySchema, type AuditEntry, type AuditEntryInput, type AuditQuery } from './schema';

/**
 * The audit log: who changed what and when, in a Redis stream trimmed by length and by age on every
 * write (both approximately, which Redis does in whole nodes: cheap). Newest first when read.
 */
export const AUDIT_MAX_ENTRIES = 100_000;
export const AUDIT_MAX_AGE_MS = 90 * 86_400_000;
/** Entries one read looks through for a filter before it stops and hands back a cursor. */
const SCAN_LIMIT = 10_000;
const SCAN_BATCH = 500;

type AuditContext = Pick<AppContext, 'redis' | 'keys'>;

const log = createLogger({ component: 'audit' });

/**
 * Appends an entry. A failure is logged, not thrown: the change it describes has already been made,
 * and the person who made it should not be told otherwise.
 */
export async function recordAudit(ctx: AuditContext, input: AuditEntryInput): Promise<void> {
  const entry = auditEntrySchema.parse(input);
  const fields = Object.entries(entry).flat();
  try {
    await ctx.redis
      .multi()
      .xadd(ctx.keys.audit, 'MAXLEN', '~', AUDIT_MAX_ENTRIES, '*', ...fields)
      .xtrim(ctx.keys.audit, 'MINID', '~', Date.now() - AUDIT_MAX_AGE_MS)
      .exec();
  } catch (error) {
    log.error('audit entry not stored', { action: entry.action, actor: entry.actor, error });
  }
}

function toEntry(id: string, fields: string[]): AuditEntry | undefined {
  const map: Record<string, string> = {};
  for (let i = 0; i < fields.length; i += 2) map[fields[i]] = fields[i + 1];
  const parsed = auditEntrySchema.safeParse(map);
  return parsed.success ? { ...parsed.data, id, at: Number(id.split('-')[0]) } : undefined;
}

function matches(entry: AuditEntry, query: AuditQuery): boolean {
  if (query.user && entry.actor !== query.user) return false;
  if (query.action && entry.action !== query.action && !entry.action.startsWith(`${query.action}.`)) return false;
  return true;
}

/**
 * A page of the log, newest first, filtered by user and action. `nextBefore` continues where this
 * page stopped: after `limit` entries, or after looking through SCAN_LIMIT entries for a rare filter.
 */
export async function readAudit(ctx: AuditContext, query: AuditQuery): Promise<{ entries: AuditEntry[]; nextBefore: string | null }> {
  const entries: AuditEntry[] = [];
  let end = query.before ? `(${query.before}` : '+';
  let scanned = 0;
  while (scanned < SCAN_LIMIT) {
    const rows = await ctx.redis.xrevrange(ctx.keys.audit, end, '-', 'COUNT', SCAN_BATCH);
    for (const [id, fields] of rows) {
      scanned += 1;
      const entry = toEntry(id, fields);
      if (entry && matches(entry, query)) entries.push(entry);
      if (entries.length === query.limit) return { entries, nextBefore: id };
    }
    if (rows.length < SCAN_BATCH) return { entries, nextBefore: null };
    end = `(${rows[rows.length - 1][0]}`;
  }
  return { entries, nextBefore: end.slice(1) };
}
