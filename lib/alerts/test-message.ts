import { UserError } from '../errors';
import { runScript } from '../queue/script';
import { getChannelForDelivery } from './channels';
import { takeToken } from './pacing';
import { renderAlert } from './render';
import { postToSlack } from './send';
import type { AlertContext } from './types';

// KEYS: channel. The channel answered: healthy again (if it still exists).
const MARK_CHANNEL_OK = "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'health', 'ok', 'lastError', '', 'failingSince', '', 'consecutiveFailures', 0, 'nextAttemptAt', 0) end return 1";
// KEYS: channel ; ARGV: error, now. Failing since the first failure; the last error always.
const MARK_CHANNEL_FAILING = "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end if redis.call('HGET', KEYS[1], 'health') ~= 'failing' then redis.call('HSET', KEYS[1], 'health', 'failing', 'failingSince', ARGV[2]) end redis.call('HSET', KEYS[1], 'lastError', ARGV[1]) return 1";

/**
 * "Send a test message" on the settings page: posts at once (within the channel's pacing) and sets
 * the channel's health from the answer. A success also frees alerts waiting on a failing channel.
 */
export async function sendTestMessage(ctx: AlertContext, channelId: string): Promise<{ ok: boolean; error?: string }> {
  const channel = await getChannelForDelivery(ctx, channelId);
  if (!channel) throw new UserError('This alert channel no longer exists.');
  for (let tries = 0; tries < 10; tries++) {
    const grant = await takeToken(ctx, channelId);
    if (grant.granted) break;
    await new Promise((r) => setTimeout(r, grant.waitMs));
  }
  const payload = renderAlert({
    alertId: '', type: 'test', monitorId: '', monitorName: channel.name, kind: '', target: '', at: Date.now(),
    message: `This channel (${channel.name}) will receive imalert alerts.`, fireTime: '', since: '', downForMs: '', channelIds: '[]',
  }, { publicUrl: ctx.config.IMALERT_PUBLIC_URL });
  const outcome = await postToSlack(channel.url, payload, ctx.config.ALERT_HTTP_TIMEOUT_MS);
  const key = ctx.keys.channel(channelId);
  if (outcome.ok) {
    await runScript(ctx.redis, MARK_CHANNEL_OK, [key], []);
    return { ok: true };
  }
  await runScript(ctx.redis, MARK_CHANNEL_FAILING, [key], [outcome.error, String(Date.now())]);
  return { ok: false, error: outcome.error };
}
