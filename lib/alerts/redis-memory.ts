import type { Logger } from '../log';
import { probeRedisWrites } from '../redis';
import { getChannelForDelivery, getDefaultChannel } from './channels';
import { enqueueAlert } from './outbox';
import { renderAlert } from './render';
import { postToSlack } from './send';
import { parseOutboxEntry } from './outbox-entry';
import type { AlertContext } from './types';

export const OUT_OF_MEMORY_TITLE = 'Redis is out of memory';
export const WRITES_BACK_TITLE = 'Redis takes writes again';
const OUT_OF_MEMORY_TEXT = 'Redis refuses writes (maxmemory reached): checks run but their results, alerts and edits cannot be saved; nothing can be saved until memory is freed or maxmemory raised. Pages still show what is stored.';

/** What one process remembers between evaluations. */
export interface MemoryWatch {
  outOfMemory: boolean;
  /** This process won the raise but Slack has not taken the message yet. */
  unsent: boolean;
  /** When this process last saw writes refused (0: never). */
  lastRefusedAt: number;
}

export const newMemoryWatch = (): MemoryWatch => ({ outOfMemory: false, unsent: false, lastRefusedAt: 0 });

/**
 * "Redis is out of memory" as a system alert. While writes are refused the outbox cannot take it, so
 * the one process whose HDEL (allowed under OOM) removes the "armed" field posts it straight to the
 * default channel; the resolution goes through the outbox. Returns true while writes are refused.
 */
export async function checkRedisMemory(ctx: AlertContext, log: Logger, watch: MemoryWatch): Promise<boolean> {
  const key = ctx.keys.redisMemoryAlert;
  if ((await probeRedisWrites(ctx.redis, ctx.keys.writeProbe)) === 'out of memory') {
    watch.lastRefusedAt = Date.now();
    if (!watch.outOfMemory) log.error('Redis is out of memory: writes are refused', { condition: 'redis-oom' });
    watch.outOfMemory = true;
    if (!watch.unsent && Number(await ctx.redis.hdel(key, 'armed')) === 1) watch.unsent = true;
    if (watch.unsent && (await postDirectly(ctx, log))) watch.unsent = false;
    return true;
  }
  if (watch.outOfMemory) log.info('Redis takes writes again', { condition: 'redis-oom' });
  watch.outOfMemory = false;
  watch.unsent = false;
  if ((await ctx.redis.imalertArmMemoryAlert(key)) === 1) {
    await enqueueAlert(ctx, { type: 'system', monitorName: WRITES_BACK_TITLE, message: 'Redis accepts writes again; results and alerts are saved as before.', condition: 'redis-oom', systemState: 'resolved' });
  }
  return false;
}

/** Posts the raise to the default channel without the outbox (reads only). True when Slack took it or there is no channel. */
async function postDirectly(ctx: AlertContext, log: Logger): Promise<boolean> {
  const channel = await getDefaultChannel(ctx);
  const target = channel && (await getChannelForDelivery(ctx, channel.id));
  if (!target) return true;
  const alert = parseOutboxEntry({
    alertId: `redis-oom-${Date.now()}`, type: 'system', monitorId: '', monitorName: OUT_OF_MEMORY_TITLE, kind: '', target: '',
    message: OUT_OF_MEMORY_TEXT, at: String(Date.now()), fireTime: '', since: '', downForMs: '', channelIds: '[]',
    condition: 'redis-oom', systemState: 'raised',
  });
  const outcome = await postToSlack(target.url, renderAlert(alert, { publicUrl: ctx.config.IMALERT_PUBLIC_URL }), ctx.config.ALERT_HTTP_TIMEOUT_MS);
  if (!outcome.ok) log.warn('the out-of-memory alert was not taken by Slack; will retry', { channelId: target.id, error: outcome.error });
  return outcome.ok;
}
