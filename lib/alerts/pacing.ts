import type { AlertContext } from './types';

/**
 * Pacing per channel: Slack takes about one message per second per webhook, with short bursts. A
 * token bucket in Redis (by Redis's clock) is shared by every sender, the test-message button included.
 */
export const MESSAGES_PER_SECOND = 1;
export const BURST = 3;

export type TokenGrant = { granted: true; tokensLeft: number } | { granted: false; waitMs: number };

export async function takeToken(ctx: AlertContext, channelId: string): Promise<TokenGrant> {
  const [granted, value] = await ctx.redis.imalertTakeToken(ctx.keys.channelBucket(channelId), MESSAGES_PER_SECOND, BURST);
  return granted === 1 ? { granted: true, tokensLeft: value } : { granted: false, waitMs: value };
}

/**
 * One sender at a time delivers a given channel (a lease with a TTL, renewed while it works), so
 * the channel's queue goes out in order and nothing is sent twice by two senders. A sender that
 * dies stops renewing; another takes over when the lease expires.
 */
export async function acquireChannelLease(ctx: AlertContext, channelId: string, token: string, ttlMs: number): Promise<boolean> {
  return (await ctx.redis.set(ctx.keys.channelLease(channelId), token, 'PX', ttlMs, 'NX')) === 'OK';
}

export async function renewChannelLease(ctx: AlertContext, channelId: string, token: string, ttlMs: number): Promise<boolean> {
  return (await ctx.redis.imalertRenewLease(ctx.keys.channelLease(channelId), token, ttlMs)) === 1;
}

export async function releaseChannelLease(ctx: AlertContext, channelId: string, token: string): Promise<void> {
  await ctx.redis.imalertReleaseLease(ctx.keys.channelLease(channelId), token);
}

/** True when the channel had no more work and the lease was given up. */
export async function releaseIfIdle(ctx: AlertContext, channelId: string, token: string): Promise<boolean> {
  const k = ctx.keys;
  return (await ctx.redis.imalertReleaseIfIdle(k.channelQueue(channelId), k.channelsWithWork, k.channelLease(channelId), channelId, token)) === 1;
}
