import { describe, expect, it } from 'vitest';
import { isUserError, type UserError } from '../errors';
import { alertContextPerFile } from '../../test/support/alerts';
import { startSlackStandIn } from '../../test/support/slack-stand-in';
import {
  addChannel, ensureDefaultChannelFromEnv, getChannelForDelivery, getDefaultChannel, listChannels, removeChannel,
  renameChannel, setDefaultChannel, updateChannelUrl,
} from './channels';
import { sendTestMessage } from './test-message';
import type { AlertContext } from './types';

const HOOK = 'https://hooks.slack.com/services/T0000/B0000/not-a-real-hook-WXYZ';
let ctx: AlertContext;
alertContextPerFile((started) => (ctx = started));

const userError = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => undefined, (e) => e);
  expect(isUserError(error)).toBe(true);
  return error as UserError;
};

describe('alert channels', () => {
  it('stores the URL encrypted, lists it masked, and makes the first channel the default', async () => {
    const channel = await addChannel(ctx, { name: ' ops ', url: HOOK });
    expect(channel).toMatchObject({ name: 'ops', maskedUrl: 'hooks.slack.com/…/WXYZ', health: 'ok', isDefault: true });
    const stored = await ctx.redis.hgetall(ctx.keys.channel(channel.id));
    expect(JSON.stringify(stored)).not.toContain('not-a-real-hook');
    expect(stored.url).toMatch(/^enc:v1:/);
    expect(JSON.stringify(await listChannels(ctx))).not.toContain('not-a-real-hook');
    expect((await getChannelForDelivery(ctx, channel.id))?.url).toBe(HOOK);
    expect((await getDefaultChannel(ctx))?.id).toBe(channel.id);
  });

  it('refuses the same URL twice, naming the channel that has it', async () => {
    await addChannel(ctx, { name: 'ops', url: HOOK });
    const error = await userError(addChannel(ctx, { name: 'other', url: `  ${HOOK}` }));
    expect(error.message).toContain('“ops”');
    expect(error.fieldErrors.url).toHaveLength(1);
    expect(await listChannels(ctx)).toHaveLength(1);
  });

  it('validates: https only (http on loopback for a local stand-in), a name', async () => {
    expect((await userError(addChannel(ctx, { name: 'x', url: 'http://hooks.slack.com/services/x' }))).fieldErrors.url[0]).toMatch(/https/);
    await userError(addChannel(ctx, { name: 'x', url: 'not a url' }));
    await userError(addChannel(ctx, { name: '', url: HOOK }));
    await expect(addChannel(ctx, { name: 'local', url: 'http://127.0.0.1:9/services/x' })).resolves.toMatchObject({ name: 'local' });
  });

  it('refuses a name with a control character or a text-direction mark as a field error, and stores nothing', async () => {
    for (const name of ['ops\u0007', 'ops\u202egpj.exe']) {
      const error = await userError(addChannel(ctx, { name, url: HOOK }));
      expect(error.fieldErrors.name).toEqual(['The name must not contain control characters or text-direction marks']);
    }
    expect(await listChannels(ctx)).toEqual([]);
    expect(await ctx.redis.hlen(ctx.keys.channelFingerprints)).toBe(0);
    const channel = await addChannel(ctx, { name: 'ops', url: HOOK });
    expect((await userError(renameChannel(ctx, channel.id, 'ops\u202e'))).fieldErrors.name).toHaveLength(1);
    expect((await listChannels(ctx)).map((c) => c.name)).toEqual(['ops']);
  });

  it('renames, changes the URL (health starts over), switches and removes the default', async () => {
    const a = await addChannel(ctx, { name: 'a', url: HOOK });
    const b = await addChannel(ctx, { name: 'b', url: `${HOOK}2` });
    expect(b.isDefault).toBe(false);
    await renameChannel(ctx, a.id, 'alpha');
    await ctx.redis.hset(ctx.keys.channel(a.id), 'health', 'failing', 'lastError', 'Slack answered 404', 'nextAttemptAt', Date.now() + 60_000);
    await userError(updateChannelUrl(ctx, a.id, `${HOOK}2`)); // b's URL
    const updated = await updateChannelUrl(ctx, a.id, `${HOOK}3`);
    expect(updated).toMatchObject({ name: 'alpha', health: 'ok', lastError: '' });
    await setDefaultChannel(ctx, b.id);
    expect((await getDefaultChannel(ctx))?.id).toBe(b.id);
    expect((await removeChannel(ctx, b.id)).removed).toBe(true);
    expect((await getDefaultChannel(ctx))?.id).toBe(a.id); // the oldest remaining takes over
    await addChannel(ctx, { name: 'b again', url: `${HOOK}2` }); // its URL is free again
    await userError(renameChannel(ctx, 'missing', 'x'));
  });

  it('imports SLACK_WEBHOOK_URL once as the default, and not again after the user deleted it', async () => {
    const envCtx = { ...ctx, config: { ...ctx.config, SLACK_WEBHOOK_URL: HOOK } };
    const channel = await ensureDefaultChannelFromEnv(envCtx);
    expect(channel).toMatchObject({ isDefault: true, maskedUrl: 'hooks.slack.com/…/WXYZ' });
    expect(await ensureDefaultChannelFromEnv(envCtx)).toBeUndefined();
    expect(await listChannels(ctx)).toHaveLength(1);
    await removeChannel(ctx, channel!.id);
    expect(await ensureDefaultChannelFromEnv(envCtx)).toBeUndefined();
    expect(await listChannels(ctx)).toHaveLength(0);
  });

  it('a test message reports the answer and sets the channel health', async () => {
    const slack = await startSlackStandIn();
    try {
      const channel = await addChannel(ctx, { name: 'ops', url: slack.url });
      slack.queue({ status: 404, body: 'no_service' });
      const failed = await sendTestMessage(ctx, channel.id);
      expect(failed).toEqual({ ok: false, error: 'Slack answered 404 (no_service)' });
      expect(failed.error).not.toContain(slack.url);
      expect((await listChannels(ctx))[0]).toMatchObject({ health: 'failing', lastError: 'Slack answered 404 (no_service)' });
      expect(await sendTestMessage(ctx, channel.id)).toEqual({ ok: true });
      expect((await listChannels(ctx))[0]).toMatchObject({ health: 'ok', lastError: '', failingSince: null });
      expect(slack.accepted()[0].body.blocks[0].text.text).toBe('🧪 Test message from imalert');
    } finally {
      await slack.stop();
    }
  });
});
