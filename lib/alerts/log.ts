import { isCorruptRecordError } from '../errors';
import { toStoredAlert } from './outbox-entry';
import type { AlertContext, AlertType, LoggedStatus, StoredAlert } from './types';

/**
 * The alert log for the UI: a capped stream of every alert (newest first) joined with each alert's
 * current delivery status. Paging: pass the previous page's `nextBefore` as `before`.
 */
export interface AlertLogEntry extends Omit<StoredAlert, 'status'> {
  logId: string;
  status: LoggedStatus;
}

function fromLog(logId: string, fields: string[], hash: Record<string, string>): AlertLogEntry {
  const stored = hash.alertId ? readable(hash) : undefined;
  if (stored) return { ...stored, logId };
  // Its status record expired (or cannot be read): what the log entry itself says (route-alerts.lua).
  const map: Record<string, string> = {};
  for (let i = 0; i < fields.length; i += 2) map[fields[i]] = fields[i + 1];
  let channels: unknown = [];
  try {
    channels = JSON.parse(map.channels ?? '[]');
  } catch {
    // none known
  }
  return {
    logId, alertId: map.alertId ?? '', type: (map.type ?? 'down') as AlertType, monitorId: map.monitorId ?? '', monitorName: map.monitorName ?? '',
    kind: '', target: '', message: '', at: Number(map.at) || 0, fireTime: '', since: '', downForMs: '', channelIds: '[]',
    streamId: '', channels: Array.isArray(channels) ? (channels as string[]) : [], status: 'unknown', channelStatus: {}, attempts: 0, lastError: '', deliveredAt: null,
  };
}

/** An alert's hash, or undefined when it no longer passes the schema (the pages still show the rest). */
function readable(hash: Record<string, string>): StoredAlert | undefined {
  try {
    return toStoredAlert(hash);
  } catch (error) {
    if (isCorruptRecordError(error)) return undefined;
    throw error;
  }
}

export async function getAlertLog(ctx: AlertContext, options: { limit?: number; before?: string } = {}): Promise<{ entries: AlertLogEntry[]; nextBefore: string | null }> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 1000);
  const end = options.before ? `(${options.before}` : '+';
  const rows = await ctx.redis.xrevrange(ctx.keys.alertLog, end, '-', 'COUNT', limit);
  const pipeline = ctx.redis.pipeline();
  for (const [, fields] of rows) pipeline.hgetall(ctx.keys.alert(valueOf(fields, 'alertId')));
  const hashes = rows.length ? ((await pipeline.exec()) ?? []) : [];
  const entries = rows.map(([logId, fields], i) => fromLog(logId, fields, (hashes[i]?.[1] as Record<string, string>) ?? {}));
  return { entries, nextBefore: rows.length === limit ? rows[rows.length - 1][0] : null };
}

/** The latest alerts of one monitor (newest first), for the monitor page. */
export async function getMonitorAlerts(ctx: AlertContext, monitorId: string, limit = 20): Promise<StoredAlert[]> {
  const ids = await ctx.redis.lrange(ctx.keys.alertsByMonitor(monitorId), 0, Math.max(0, limit - 1));
  if (!ids.length) return [];
  const pipeline = ctx.redis.pipeline();
  for (const id of ids) pipeline.hgetall(ctx.keys.alert(id));
  const hashes = (await pipeline.exec()) ?? [];
  return hashes.map(([, h]) => h as Record<string, string>).filter((h) => h?.alertId).flatMap((h) => readable(h) ?? []);
}

/** Alerts not yet delivered everywhere: delivered outbox entries are deleted, so the stream length. */
export async function countUndelivered(ctx: AlertContext): Promise<number> {
  return ctx.redis.xlen(ctx.keys.outbox);
}

function valueOf(fields: string[], name: string): string {
  const i = fields.indexOf(name);
  return i >= 0 && i % 2 === 0 ? fields[i + 1] : '';
}
