import { UserError } from '../errors';
import { getChannelForDelivery } from './channels';
import { takeToken } from './pacing';
import { renderAlert } from './render';
import { postToSlack } from './send';
import type { AlertContext } from './types';

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
    await ctx.redis.imalertMarkChannelOk(key);
    return { ok: true };
  }
  await ctx.redis.imalertMarkChannelFailing(key, outcome.error);
  return { ok: false, error: outcome.error };
}
