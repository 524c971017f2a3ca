import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import type { Logger } from '../log';
import { AlertMetrics } from '../metrics/alert-metrics';
import { isRedisOutOfMemory } from '../redis';
import { runChannel } from './channel-runner';
import { ensureDefaultChannelFromEnv } from './channels';
import { ensureOutboxGroup, reclaimIdleAlerts, routeNewAlerts } from './outbox';
import { acquireChannelLease } from './pacing';
import { startSystemAlerts } from './system';
import type { AlertContext } from './types';

const POLL_MS = 200;
/** A pass that found nothing doubles the wait up to this: an idle system should cost next to nothing. */
const IDLE_POLL_MAX_MS = 1000;
// Larger batches spread the script's fixed cost over more alerts; a full batch still runs briefly.
const ROUTE_BATCH = 1000;
/** Outbox entries still pending after this long are re-checked (acked if done, routed if never routed). */
const RECLAIM_IDLE_MS = 5 * 60_000;
const RECLAIM_EVERY_MS = 30_000;

export interface AlertDeliveryOptions {
  consumerName: string;
  log: Logger;
  deadLetterThreshold?: number;
  /** Where the delivery metrics are registered; a registry of its own when not given. */
  registry?: Registry;
}

/**
 * Drains the alert outbox (both daemons run this): routes new alerts into per-channel queues, and
 * delivers each channel whose lease it wins, one sender per channel at a time. Also evaluates the
 * system alerts. A sender killed at any point loses nothing: its leases expire and another sender
 * continues the same queues.
 */
export function startAlertDelivery(ctx: AlertContext, options: AlertDeliveryOptions): { stop(): Promise<void> } {
  const log = options.log.child({ component: 'alerts' });
  const leaseToken = `${options.consumerName}:${randomUUID()}`;
  // A lease outlives the longest send plus a margin, so a live sender never loses it mid-request.
  const leaseMs = ctx.config.ALERT_HTTP_TIMEOUT_MS + 5000;
  const metrics = new AlertMetrics(options.registry ?? new Registry());
  const runners = new Map<string, Promise<void>>();
  let stopping = false;
  // Sleeps that stop() cuts short, so a stopping sender does not wait out a backoff.
  const sleepers = new Set<() => void>();
  const wake = () => {
    for (const done of [...sleepers]) done();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopping) return resolve();
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });

  // Out of memory, every pass fails the same way (the system alert says so): one line per outage.
  let outOfMemoryLogged = false;
  const failed = (what: string, error: unknown, fields: Record<string, unknown> = {}) => {
    if (!isRedisOutOfMemory(error)) return log.error(what, { ...fields, error });
    if (!outOfMemoryLogged) log.warn('alert delivery waits: Redis is out of memory and refuses writes', fields);
    outOfMemoryLogged = true;
  };

  const startRunner = (channelId: string) => {
    const run = runChannel({ ctx, channelId, leaseToken, leaseMs, log, isStopping: () => stopping, sleep, metrics })
      .catch((error) => failed('channel delivery failed', error, { channelId }))
      .finally(() => runners.delete(channelId));
    runners.set(channelId, run);
  };

  /** One look at the outbox and the channel queues; true when it found work (or work is in progress). */
  const pass = async (): Promise<boolean> => {
    let routed = 0;
    for (let last = ROUTE_BATCH; last >= ROUTE_BATCH && !stopping; routed += last) last = await routeNewAlerts(ctx, options.consumerName, ROUTE_BATCH);
    if (Date.now() - lastReclaim > RECLAIM_EVERY_MS) {
      routed += await reclaimIdleAlerts(ctx, options.consumerName, RECLAIM_IDLE_MS);
      lastReclaim = Date.now();
    }
    const channels = await ctx.redis.smembers(ctx.keys.channelsWithWork);
    for (const channelId of channels) {
      if (stopping || runners.has(channelId)) continue;
      if (await acquireChannelLease(ctx, channelId, leaseToken, leaseMs)) startRunner(channelId);
    }
    return routed > 0 || channels.length > 0 || runners.size > 0;
  };
  let lastReclaim = 0;

  const main = (async () => {
    await ensureOutboxGroup(ctx);
    await ensureDefaultChannelFromEnv(ctx).catch((error) => log.error('could not add SLACK_WEBHOOK_URL as a channel', { error: (error as Error).message }));
    let waitMs = POLL_MS;
    while (!stopping) {
      try {
        waitMs = (await pass()) ? POLL_MS : Math.min(IDLE_POLL_MAX_MS, waitMs * 2);
        outOfMemoryLogged = false;
      } catch (error) {
        failed('alert delivery pass failed', error);
      }
      await sleep(waitMs);
    }
  })();
  const system = startSystemAlerts(ctx, { log, deadLetterThreshold: options.deadLetterThreshold });

  return {
    async stop() {
      stopping = true;
      wake();
      await main.catch((error) => log.error('alert delivery stopped with an error', { error }));
      await Promise.all(runners.values());
      await system.stop();
    },
  };
}
