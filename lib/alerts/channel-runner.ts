import { randomUUID } from 'node:crypto';
import { backoffMs } from '../backoff';
import type { Logger } from '../log';
import type { AlertMetrics } from '../metrics/alert-metrics';
import { getChannelForDelivery } from './channels';
import { channelQueueLength, completeAlerts, failAlerts, readChannelQueue } from './outbox';
import { releaseChannelLease, releaseIfIdle, renewChannelLease, takeToken } from './pacing';
import { renderAlert, renderDigest } from './render';
import { postToSlack, type SendOutcome } from './send';
import type { AlertContext } from './types';

/** At most this many alerts are acked by one digest message (its text names only the first ones). */
export const DIGEST_MAX = 2000;
/** After a 4xx other than 429 the channel is retried this rarely, or at once when its URL changes / a test succeeds. */
export const REJECTED_RETRY_MS = 5 * 60_000;
/** Retries after transient failures: doubling, with jitter so senders that failed together spread out. */
const RETRY_BACKOFF = { baseMs: 500, maxMs: 30_000, jitter: true };

export interface ChannelRunnerOptions {
  ctx: AlertContext;
  channelId: string;
  leaseToken: string;
  leaseMs: number;
  log: Logger;
  isStopping: () => boolean;
  sleep: (ms: number) => Promise<void>;
  metrics: AlertMetrics;
}

/**
 * Delivers one channel's queue while this sender holds the channel's lease: in outbox order, paced
 * by the shared token bucket, folding a backlog into digests. Returns when the queue is empty, the
 * lease is lost, or the sender stops. Failures keep the alerts queued and set when to try again.
 */
export async function runChannel(options: ChannelRunnerOptions): Promise<void> {
  const { ctx, channelId, leaseToken, leaseMs, log, isStopping, sleep, metrics } = options;
  let leaseLost = false;
  const renew = setInterval(() => {
    renewChannelLease(ctx, channelId, leaseToken, leaseMs)
      .then((ok) => { if (!ok) leaseLost = true; })
      .catch(() => undefined); // Redis away: the lease simply expires and another sender takes over
  }, Math.max(250, Math.floor(leaseMs / 4)));
  try {
    while (!isStopping() && !leaseLost) {
      const channel = await getChannelForDelivery(ctx, channelId);
      if (!channel) {
        // Removed: whatever still waits for it is dropped (removeChannel normally did this already).
        const waiting = await ctx.redis.lrange(ctx.keys.channelQueue(channelId), 0, -1);
        if (waiting.length) await completeAlerts(ctx, channelId, waiting, 'dropped');
        if (await releaseIfIdle(ctx, channelId, leaseToken)) return;
        continue;
      }
      const waitUntil = channel.nextAttemptAt - Date.now();
      if (waitUntil > 0) {
        await sleep(Math.min(waitUntil, 1000)); // short steps: a new URL or a good test message frees it at once
        continue;
      }
      const waiting = await channelQueueLength(ctx, channelId);
      if (waiting === 0) {
        if (await releaseIfIdle(ctx, channelId, leaseToken)) return;
        continue;
      }
      const grant = await takeToken(ctx, channelId);
      if (!grant.granted) {
        await sleep(grant.waitMs);
        continue;
      }
      // More waiting than the bucket can take right now: fold everything waiting into one digest.
      const fold = waiting > 1 + grant.tokensLeft;
      const { alerts, unreadable } = await readChannelQueue(ctx, channelId, fold ? DIGEST_MAX : 1);
      for (const { alertId, error } of unreadable) log.error('an alert could not be read and was dropped', { channelId, alertId, error });
      if (!alerts.length) continue;
      const publicUrl = ctx.config.IMALERT_PUBLIC_URL;
      const isDigest = alerts.length > 1;
      const payload = isDigest ? renderDigest(alerts, { publicUrl }) : renderAlert(alerts[0], { publicUrl });
      // The fence: the lease, still ours, is extended past the longest post, so no one else can send these too.
      if (!(await renewChannelLease(ctx, channelId, leaseToken, leaseMs))) {
        log.info('channel lease lost before sending; another sender continues', { channelId });
        break;
      }
      if (alerts.some((a) => a.attempts > 0)) metrics.recordRetry(channelId);
      const outcome = await postToSlack(channel.url, payload, ctx.config.ALERT_HTTP_TIMEOUT_MS);
      if (outcome.ok) metrics.recordSent(channelId, alerts.map((a) => a.type));
      else metrics.recordFailure(channelId, outcome.kind);
      const ids = alerts.map((a) => a.alertId);
      const held = outcome.ok
        ? await completeAlerts(ctx, channelId, ids, isDigest ? 'digest' : 'delivered', { digestId: isDigest ? randomUUID() : '', channelOk: true, leaseToken })
        : await recordFailure(ctx, channelId, ids, outcome, channel.consecutiveFailures, leaseToken, log);
      if (outcome.ok) log.debug('alerts delivered', { channelId, count: ids.length, digest: isDigest });
      if (!held) leaseLost = true;
    }
  } finally {
    clearInterval(renew);
    if (isStopping()) await releaseChannelLease(ctx, channelId, leaseToken).catch(() => undefined);
  }
}

async function recordFailure(
  ctx: AlertContext,
  channelId: string,
  ids: string[],
  outcome: Exclude<SendOutcome, { ok: true }>,
  previousFailures: number,
  leaseToken: string,
  log: Logger,
): Promise<boolean> {
  const now = Date.now();
  const retryAt =
    outcome.kind === 'rate' ? now + (outcome.retryAfterMs ?? 1000)
    : outcome.kind === 'rejected' ? now + REJECTED_RETRY_MS
    : now + backoffMs(previousFailures + 1, RETRY_BACKOFF);
  const held = await failAlerts(ctx, channelId, ids, { error: outcome.error, retryAt, kind: outcome.kind, leaseToken });
  const fields = { channelId, alerts: ids.length, error: outcome.error, retryInMs: retryAt - now };
  if (outcome.kind === 'rejected') log.error('Slack refused the alert; the channel is marked failing', fields);
  else log.warn('alert not delivered yet; will retry', fields);
  return held;
}
