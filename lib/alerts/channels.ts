import { randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret, fingerprintSecret } from '../crypto/secrets';
import { UserError } from '../errors';
import { tagsSchema } from '../monitors/tags';
import { channelNameSchema, maskWebhookUrl, parseField, webhookUrlSchema } from './channel-schema';
import { completeAlerts } from './outbox';
import type { AlertContext } from './types';

/**
 * Alert channels: Slack incoming webhooks as records of their own. The URL is encrypted at rest and
 * never leaves this module whole except for sending; a fingerprint (HMAC) recognises the same URL.
 */
export interface ChannelView {
  id: string;
  name: string;
  /** e.g. hooks.slack.com/…/x9Zq: safe to show anywhere. */
  maskedUrl: string;
  health: 'ok' | 'failing';
  failingSince: number | null;
  lastError: string;
  createdAt: number;
  isDefault: boolean;
  /** Monitors with one of these tags also alert this channel. */
  tags: string[];
}

/** What a sender needs: the view plus the plain URL and when it may try again. */
export interface ChannelForDelivery extends ChannelView {
  url: string;
  nextAttemptAt: number;
  consecutiveFailures: number;
}

/** The tags a channel is attached to, as channel-tags holds them (written only through tagsSchema). */
function tagsOf(json: string | null | undefined): string[] {
  if (!json) return [];
  try {
    const tags: unknown = JSON.parse(json);
    return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

function toView(hash: Record<string, string>, defaultId: string | null, tagsJson?: string | null): ChannelView {
  return {
    id: hash.id,
    name: hash.name,
    maskedUrl: hash.maskedUrl ?? '…',
    health: hash.health === 'failing' ? 'failing' : 'ok',
    failingSince: hash.failingSince ? Number(hash.failingSince) : null,
    lastError: hash.lastError ?? '',
    createdAt: Number(hash.createdAt) || 0,
    isDefault: hash.id === defaultId,
    tags: tagsOf(tagsJson),
  };
}

export async function listChannels(ctx: AlertContext): Promise<ChannelView[]> {
  const [ids, defaultId, tags] = await Promise.all([
    ctx.redis.zrange(ctx.keys.channelIds, 0, -1), ctx.redis.get(ctx.keys.defaultChannel), ctx.redis.hgetall(ctx.keys.channelTags),
  ]);
  const hashes = await Promise.all(ids.map((id) => ctx.redis.hgetall(ctx.keys.channel(id))));
  return hashes.filter((h) => h.id).map((h) => toView(h, defaultId, tags[h.id]));
}

export async function getChannel(ctx: AlertContext, id: string): Promise<ChannelView | undefined> {
  const [hash, defaultId, tags] = await Promise.all([
    ctx.redis.hgetall(ctx.keys.channel(id)), ctx.redis.get(ctx.keys.defaultChannel), ctx.redis.hget(ctx.keys.channelTags, id),
  ]);
  return hash.id ? toView(hash, defaultId, tags) : undefined;
}

/** Attaches a channel to tags: alerts of monitors carrying one of them also go there. `[]` detaches it. */
export async function setChannelTags(ctx: AlertContext, id: string, tags: unknown): Promise<ChannelView> {
  const clean = parseField(tagsSchema, 'tags', tags);
  const updated = await ctx.redis.imalertSetChannelTags(ctx.keys.channel(id), ctx.keys.channelTags, id, JSON.stringify(clean));
  if (!updated) throw new UserError('This alert channel no longer exists.', {}, 'not-found');
  return (await getChannel(ctx, id))!;
}

export async function getChannelForDelivery(ctx: AlertContext, id: string): Promise<ChannelForDelivery | undefined> {
  const [hash, defaultId] = await Promise.all([ctx.redis.hgetall(ctx.keys.channel(id)), ctx.redis.get(ctx.keys.defaultChannel)]);
  if (!hash.id) return undefined;
  return {
    ...toView(hash, defaultId),
    url: decryptSecret(hash.url, ctx.keyring),
    nextAttemptAt: Number(hash.nextAttemptAt) || 0,
    consecutiveFailures: Number(hash.consecutiveFailures) || 0,
  };
}

/** Adds a channel; the first one becomes the default. The same URL twice is refused. */
export async function addChannel(ctx: AlertContext, input: { name: unknown; url: unknown }): Promise<ChannelView> {
  const name = parseField(channelNameSchema, 'name', input.name);
  const url = parseField(webhookUrlSchema, 'url', input.url);
  const id = `ch${randomBytes(5).toString('hex')}`;
  const now = Date.now();
  const fingerprint = fingerprintSecret(url, ctx.keyring);
  const k = ctx.keys;
  const existing = await ctx.redis.imalertAddChannel(
    k.channel(id), k.channelFingerprints, k.channelIds, k.defaultChannel,
    id, name, encryptSecret(url, ctx.keyring), fingerprint, maskWebhookUrl(url), now,
  );
  if (existing) await refuseDuplicate(ctx, existing);
  return (await getChannel(ctx, id))!;
}

async function refuseDuplicate(ctx: AlertContext, existingId: string): Promise<never> {
  const name = (await ctx.redis.hget(ctx.keys.channel(existingId), 'name')) ?? existingId;
  const message = `This webhook URL is already used by the channel “${name}”.`;
  throw new UserError(message, { url: [message] });
}

export async function renameChannel(ctx: AlertContext, id: string, name: unknown): Promise<ChannelView> {
  const clean = parseField(channelNameSchema, 'name', name);
  const updated = await ctx.redis.imalertRenameChannel(ctx.keys.channel(id), clean);
  if (!updated) throw new UserError('This alert channel no longer exists.');
  return (await getChannel(ctx, id))!;
}

/** A new URL for a channel: its health starts over and waiting alerts are tried at once. */
export async function updateChannelUrl(ctx: AlertContext, id: string, url: unknown): Promise<ChannelView> {
  const clean = parseField(webhookUrlSchema, 'url', url);
  const result = await ctx.redis.imalertSetChannelUrl(
    ctx.keys.channel(id), ctx.keys.channelFingerprints,
    id, encryptSecret(clean, ctx.keyring), fingerprintSecret(clean, ctx.keyring), maskWebhookUrl(clean),
  );
  if (result === 'MISSING') throw new UserError('This alert channel no longer exists.');
  if (result !== 'OK') await refuseDuplicate(ctx, result);
  return (await getChannel(ctx, id))!;
}

/**
 * Removes a channel. When it was the default, the oldest remaining channel becomes the default, so
 * monitors that name no channel keep being alerted. Alerts still waiting for it are dropped (logged).
 */
export async function removeChannel(ctx: AlertContext, id: string): Promise<{ removed: boolean; waitingAlertIds: string[] }> {
  const k = ctx.keys;
  const [removed, waitingAlertIds] = await ctx.redis.imalertRemoveChannel(k.channel(id), k.channelFingerprints, k.channelIds, k.defaultChannel, k.channelQueue(id), k.channelTags, id);
  if (waitingAlertIds.length) await completeAlerts(ctx, id, waitingAlertIds, 'dropped');
  return { removed: removed === 1, waitingAlertIds };
}

export async function setDefaultChannel(ctx: AlertContext, id: string): Promise<void> {
  const ok = await ctx.redis.imalertSetDefaultChannel(ctx.keys.channel(id), ctx.keys.defaultChannel, id);
  if (!ok) throw new UserError('This alert channel no longer exists.');
}

export async function getDefaultChannel(ctx: AlertContext): Promise<ChannelView | undefined> {
  const id = await ctx.redis.get(ctx.keys.defaultChannel);
  return id ? getChannel(ctx, id) : undefined;
}

/**
 * SLACK_WEBHOOK_URL, on the first start with that URL, becomes a channel (the default when there is
 * none). Idempotent: a marker in keys.meta remembers the URL's fingerprint, so a channel the user
 * deleted in the UI is not re-created at the next restart.
 */
export async function ensureDefaultChannelFromEnv(ctx: AlertContext): Promise<ChannelView | undefined> {
  const url = ctx.config.SLACK_WEBHOOK_URL;
  if (!url) return undefined;
  const fingerprint = fingerprintSecret(url, ctx.keyring);
  const claimed = await ctx.redis.hsetnx(ctx.keys.meta, `slackEnvImported:${fingerprint}`, String(Date.now()));
  if (!claimed) return undefined;
  const existingId = await ctx.redis.hget(ctx.keys.channelFingerprints, fingerprint);
  if (existingId) {
    await ctx.redis.set(ctx.keys.defaultChannel, existingId, 'NX');
    return getChannel(ctx, existingId);
  }
  try {
    const channel = await addChannel(ctx, { name: 'Slack (from SLACK_WEBHOOK_URL)', url });
    await ctx.redis.set(ctx.keys.defaultChannel, channel.id, 'NX');
    return channel;
  } catch (error) {
    await ctx.redis.hdel(ctx.keys.meta, `slackEnvImported:${fingerprint}`);
    throw error;
  }
}
