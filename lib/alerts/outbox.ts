import { randomUUID } from 'node:crypto';
import { isCorruptRecordError } from '../errors';
import { OUTBOX_GROUP } from '../store/keys';
import type { RouteMode } from './lua';
import { parseOutboxEntry, toStoredAlert, type OutboxEntryFields } from './outbox-entry';
import type { AlertContext, AlertType, DeliveryStatus, StoredAlert } from './types';

/** The alert log keeps this many entries (a capped stream): an outage of every monitor at once fits. */
export const ALERT_LOG_MAX = 50_000;
/** A fully delivered alert's status hash is kept this long for the UI. */
export const FINAL_ALERT_TTL_MS = 30 * 24 * 3600 * 1000;
/** Consecutive transient failures before a channel shows as failing. */
export const FAILING_AFTER = 3;

export async function ensureOutboxGroup(ctx: AlertContext): Promise<void> {
  try {
    await ctx.redis.xgroup('CREATE', ctx.keys.outbox, OUTBOX_GROUP, '0', 'MKSTREAM');
  } catch (error) {
    if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
  }
}

function routeAlerts(ctx: AlertContext, mode: RouteMode, consumer: string, count: number, minIdleMs: number): Promise<number> {
  const k = ctx.keys;
  return ctx.redis.imalertRouteAlerts(
    k.outbox, k.defaultChannel, k.channelsWithWork, k.alertLog, k.channelTags,
    mode, OUTBOX_GROUP, consumer, count, k.alert(''), k.channel(''), k.channelQueue(''), k.alertsByMonitor(''),
    ALERT_LOG_MAX, FINAL_ALERT_TTL_MS, minIdleMs, k.indexByTag(''),
  );
}

/** Reads new outbox entries and queues each for its channels (one atomic step). Returns how many. */
export async function routeNewAlerts(ctx: AlertContext, consumer: string, count = 1000): Promise<number> {
  return routeAlerts(ctx, 'new', consumer, count, 0);
}

/**
 * Safety net: outbox entries pending (un-acked) for longer than minIdleMs are claimed and checked
 * again: acked when every channel is done, routed when they were never routed.
 */
export async function reclaimIdleAlerts(ctx: AlertContext, consumer: string, minIdleMs: number, count = 100): Promise<number> {
  return routeAlerts(ctx, 'idle', consumer, count, minIdleMs);
}

export interface QueueHead {
  alerts: StoredAlert[];
  /** Alerts taken off the queue (dropped) because their record is unreadable. */
  unreadable: Array<{ alertId: string; error: string }>;
}

/** The first `count` alerts waiting for a channel, in outbox order. */
export async function readChannelQueue(ctx: AlertContext, channelId: string, count: number, unreadable: QueueHead['unreadable'] = []): Promise<QueueHead> {
  const ids = await ctx.redis.lrange(ctx.keys.channelQueue(channelId), 0, count - 1);
  if (!ids.length) return { alerts: [], unreadable };
  const pipeline = ctx.redis.pipeline();
  for (const id of ids) pipeline.hgetall(ctx.keys.alert(id));
  const hashes = (await pipeline.exec()) ?? [];
  const alerts: StoredAlert[] = [];
  const dropped: string[] = [];
  hashes.forEach(([, hash], i) => {
    const h = (hash ?? {}) as Record<string, string>;
    try {
      if (h.alertId) return void alerts.push(toStoredAlert(h));
    } catch (error) {
      if (!isCorruptRecordError(error)) throw error;
      unreadable.push({ alertId: ids[i], error: error.message });
    }
    dropped.push(ids[i]);
  });
  // An alert that cannot be read cannot be sent; off the queue, so it does not block the rest.
  if (dropped.length) await completeAlerts(ctx, channelId, dropped, 'dropped');
  return dropped.length ? readChannelQueue(ctx, channelId, count, unreadable) : { alerts, unreadable };
}

export async function channelQueueLength(ctx: AlertContext, channelId: string): Promise<number> {
  return ctx.redis.llen(ctx.keys.channelQueue(channelId));
}

/**
 * The channel accepted these alerts (or they are dropped): off its queue, acked when all channels are
 * done. With a leaseToken the channel's health is reset only while that lease still holds; the alerts
 * are marked either way, since Slack has them. Returns false when the lease was someone else's.
 */
export async function completeAlerts(
  ctx: AlertContext,
  channelId: string,
  alertIds: string[],
  status: Extract<DeliveryStatus, 'delivered' | 'digest' | 'dropped'>,
  options: { digestId?: string; channelOk?: boolean; leaseToken?: string } = {},
): Promise<boolean> {
  const k = ctx.keys;
  let held = true;
  for (let i = 0; i < alertIds.length; i += 1000) {
    const result = await ctx.redis.imalertCompleteAlerts(
      k.outbox, k.channelQueue(channelId), k.channel(channelId), k.channelLease(channelId),
      OUTBOX_GROUP, channelId, status, k.alert(''), FINAL_ALERT_TTL_MS, options.digestId ?? '',
      options.channelOk ? 'ok' : 'unchanged', options.leaseToken ?? '', ...alertIds.slice(i, i + 1000),
    );
    if (result !== 1) held = false;
  }
  return held;
}

export type FailureKind = 'transient' | 'rate' | 'rejected';

/**
 * A send to the channel failed: record it on the alerts (they stay queued) and, while the sender's
 * lease holds, on the channel (a sender that lost it must not move the new holder's retry time).
 * Returns false when the lease was no longer the sender's.
 */
export async function failAlerts(
  ctx: AlertContext,
  channelId: string,
  alertIds: string[],
  failure: { error: string; retryAt: number; kind: FailureKind; leaseToken: string },
): Promise<boolean> {
  const k = ctx.keys;
  let held = true;
  for (let i = 0; i < Math.max(1, alertIds.length); i += 1000) {
    const result = await ctx.redis.imalertFailAlerts(
      k.channel(channelId), k.channelLease(channelId),
      k.alert(''), channelId, failure.error, failure.retryAt, failure.kind, FAILING_AFTER, failure.leaseToken, ...alertIds.slice(i, i + 1000),
    );
    if (result === -1) held = false;
  }
  return held;
}

export type NewAlert = {
  type: AlertType;
  monitorId?: string;
  monitorName: string;
  kind?: string;
  target?: string;
  message: string;
  at?: number;
  since?: number | '';
  downForMs?: number | '';
  channelIds?: string[];
  condition?: string;
  systemState?: 'raised' | 'resolved';
};

/** Puts an alert in the outbox (system alerts; the result script writes monitor alerts itself). */
export async function enqueueAlert(ctx: AlertContext, alert: NewAlert): Promise<string> {
  const alertId = randomUUID();
  const fields: OutboxEntryFields = {
    alertId,
    type: alert.type,
    monitorId: alert.monitorId ?? '',
    monitorName: alert.monitorName,
    kind: alert.kind ?? '',
    target: alert.target ?? '',
    message: alert.message,
    at: String(alert.at ?? Date.now()),
    fireTime: '',
    since: alert.since === undefined ? '' : String(alert.since),
    downForMs: alert.downForMs === undefined ? '' : String(alert.downForMs),
    channelIds: JSON.stringify(alert.channelIds ?? []),
  };
  if (alert.condition) fields.condition = alert.condition;
  if (alert.systemState) fields.systemState = alert.systemState;
  parseOutboxEntry(fields); // what is written is what every reader accepts
  await ctx.redis.xadd(ctx.keys.outbox, '*', ...Object.entries(fields).flat());
  return alertId;
}
