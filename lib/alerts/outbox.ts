import { randomUUID } from 'node:crypto';
import { runScript } from '../queue/script';
import { OUTBOX_GROUP } from '../store/keys';
import { RECLAIM_IDLE, ROUTE_NEW } from './outbox-scripts';
import { COMPLETE, FAIL } from './send-scripts';
import { toStoredAlert, type AlertContext, type AlertType, type DeliveryStatus, type StoredAlert } from './types';

/** The alert log keeps this many entries (a capped stream); a 10,000-monitor outage fits. */
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

function routeKeys(ctx: AlertContext): string[] {
  const k = ctx.keys;
  return [k.outbox, k.defaultChannel, k.channelsWithWork, k.alertLog];
}

function routeArgs(ctx: AlertContext, consumer: string, count: number, minIdleMs = 0): string[] {
  const k = ctx.keys;
  return [
    OUTBOX_GROUP, consumer, String(count), k.alert(''), k.channel(''), k.channelQueue(''), k.alertsByMonitor(''),
    String(ALERT_LOG_MAX), String(FINAL_ALERT_TTL_MS), String(minIdleMs),
  ];
}

/** Reads new outbox entries and queues each for its channels (one atomic step). Returns how many. */
export async function routeNewAlerts(ctx: AlertContext, consumer: string, count = 1000): Promise<number> {
  return Number(await runScript(ctx.redis, ROUTE_NEW, routeKeys(ctx), routeArgs(ctx, consumer, count)));
}

/**
 * Safety net: outbox entries pending (un-acked) for longer than minIdleMs are claimed and checked
 * again: acked when every channel is done, routed when they were never routed.
 */
export async function reclaimIdleAlerts(ctx: AlertContext, consumer: string, minIdleMs: number, count = 100): Promise<number> {
  return Number(await runScript(ctx.redis, RECLAIM_IDLE, routeKeys(ctx), routeArgs(ctx, consumer, count, minIdleMs)));
}

/** The first `count` alerts waiting for a channel, in outbox order. */
export async function readChannelQueue(ctx: AlertContext, channelId: string, count: number): Promise<StoredAlert[]> {
  const ids = await ctx.redis.lrange(ctx.keys.channelQueue(channelId), 0, count - 1);
  if (!ids.length) return [];
  const pipeline = ctx.redis.pipeline();
  for (const id of ids) pipeline.hgetall(ctx.keys.alert(id));
  const hashes = (await pipeline.exec()) ?? [];
  const alerts: StoredAlert[] = [];
  const orphans: string[] = [];
  hashes.forEach(([, hash], i) => {
    const h = hash as Record<string, string>;
    if (h && h.alertId) alerts.push(toStoredAlert(h));
    else orphans.push(ids[i]);
  });
  // An id without its record cannot be sent; take it out of the queue so it does not block the rest.
  if (orphans.length) await completeAlerts(ctx, channelId, orphans, 'dropped');
  return orphans.length ? readChannelQueue(ctx, channelId, count) : alerts;
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
    const result = await runScript(
      ctx.redis, COMPLETE, [k.outbox, k.channelQueue(channelId), k.channel(channelId), k.channelLease(channelId)],
      [OUTBOX_GROUP, channelId, status, k.alert(''), String(FINAL_ALERT_TTL_MS), options.digestId ?? '',
        options.channelOk ? '1' : '0', options.leaseToken ?? '', ...alertIds.slice(i, i + 1000)],
    );
    if (Number(result) !== 1) held = false;
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
    const result = await runScript(
      ctx.redis, FAIL, [k.channel(channelId), k.channelLease(channelId)],
      [k.alert(''), channelId, failure.error, String(failure.retryAt), failure.kind, String(FAILING_AFTER), failure.leaseToken, ...alertIds.slice(i, i + 1000)],
    );
    if (Number(result) === -1) held = false;
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
  const fields: Record<string, string> = {
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
  await ctx.redis.xadd(ctx.keys.outbox, '*', ...Object.entries(fields).flat());
  return alertId;
}
