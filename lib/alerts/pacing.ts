import { runScript } from '../queue/script';
import type { AlertContext } from './types';

/**
 * Pacing per channel: Slack takes about one message per second per webhook, with short bursts. A
 * token bucket in Redis (by Redis's clock) is shared by every sender, the test-message button included.
 */
export const MESSAGES_PER_SECOND = 1;
export const BURST = 3;

// KEYS: bucket ; ARGV: ratePerSecond, burst
// Returns {1, tokens left} when a message may go now, or {0, ms to wait}.
const TAKE_TOKEN = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(state[1]), tonumber(state[2])
if not tokens then tokens, at = burst, now end
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local granted = 0
if tokens >= 1 then tokens = tokens - 1 granted = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
if granted == 1 then return {1, math.floor(tokens)} end
return {0, math.ceil((1 - tokens) * 1000 / rate)}
`;

export type TokenGrant = { granted: true; tokensLeft: number } | { granted: false; waitMs: number };

export async function takeToken(ctx: AlertContext, channelId: string): Promise<TokenGrant> {
  const [granted, value] = (await runScript(ctx.redis, TAKE_TOKEN, [ctx.keys.channelBucket(channelId)], [String(MESSAGES_PER_SECOND), String(BURST)])) as [number, number];
  return granted === 1 ? { granted: true, tokensLeft: value } : { granted: false, waitMs: value };
}

/**
 * One sender at a time delivers a given channel (a lease with a TTL, renewed while it works), so
 * the channel's queue goes out in order and nothing is sent twice by two senders. A sender that
 * dies stops renewing; another takes over when the lease expires.
 */
const RENEW = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
// KEYS: queue, channelsWithWork, lease ; ARGV: channelId, token. Lets go of an idle channel, unless work arrived.
const RELEASE_IF_IDLE = `
if redis.call('LLEN', KEYS[1]) > 0 then return 0 end
redis.call('SREM', KEYS[2], ARGV[1])
if redis.call('GET', KEYS[3]) == ARGV[2] then redis.call('DEL', KEYS[3]) end
return 1
`;

export async function acquireChannelLease(ctx: AlertContext, channelId: string, token: string, ttlMs: number): Promise<boolean> {
  return (await ctx.redis.set(ctx.keys.channelLease(channelId), token, 'PX', ttlMs, 'NX')) === 'OK';
}

export async function renewChannelLease(ctx: AlertContext, channelId: string, token: string, ttlMs: number): Promise<boolean> {
  return Number(await runScript(ctx.redis, RENEW, [ctx.keys.channelLease(channelId)], [token, String(ttlMs)])) === 1;
}

export async function releaseChannelLease(ctx: AlertContext, channelId: string, token: string): Promise<void> {
  await runScript(ctx.redis, RELEASE, [ctx.keys.channelLease(channelId)], [token]);
}

/** True when the channel had no more work and the lease was given up. */
export async function releaseIfIdle(ctx: AlertContext, channelId: string, token: string): Promise<boolean> {
  const k = ctx.keys;
  return Number(await runScript(ctx.redis, RELEASE_IF_IDLE, [k.channelQueue(channelId), k.channelsWithWork, k.channelLease(channelId)], [channelId, token])) === 1;
}
