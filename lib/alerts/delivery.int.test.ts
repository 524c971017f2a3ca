import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/ports';
import { alertServers, alertsInPayload, alertTestContext, quietLog } from '../../test/support/alerts';
import { addChannel, getChannel, updateChannelUrl } from './channels';
import { startAlertDelivery } from './deliver';
import { getAlertLog, getMonitorAlerts } from './log';
import { enqueueAlert, type NewAlert } from './outbox';
import { sendTestMessage } from './test-message';
import type { AlertContext } from './types';

const servers = alertServers();
let ctx: AlertContext;
let delivery: { stop(): Promise<void> } | undefined;

const down = (name: string, extra: Partial<NewAlert> = {}): NewAlert => ({
  type: 'down', monitorId: `m-${name}`, monitorName: name, kind: 'tcp', target: 'db.internal:5432',
  message: 'connect ECONNREFUSED', since: Date.now(), ...extra,
});
const resolved = (name: string): NewAlert => ({ ...down(name), type: 'resolved', message: 'connected in 3 ms', downForMs: 65_000 });
const acceptedEvents = () => servers.slack.accepted().flatMap((r) => alertsInPayload(r.body).events);

beforeAll(servers.start);
afterAll(servers.stop);
beforeEach(async () => {
  await servers.reset();
  ctx = alertTestContext(servers.redis.url);
});
afterEach(async () => {
  await delivery?.stop();
  delivery = undefined;
  ctx.redis.disconnect();
});

const start = () => {
  delivery = startAlertDelivery(ctx, { consumerName: 'test-sender', log: quietLog });
};

describe('alert delivery to Slack', () => {
  it('delivers an alert once, marks it delivered and acks it', async () => {
    await addChannel(ctx, { name: 'ops', url: servers.slack.url });
    const alertId = await enqueueAlert(ctx, down('web'));
    start();
    await waitFor(() => servers.slack.accepted().length === 1, 10_000, 50, 'one message');
    expect(servers.slack.accepted()[0].body.blocks[0].text.text).toBe('🔴 DOWN — web');
    await waitFor(async () => (await getMonitorAlerts(ctx, 'm-web'))[0]?.status === 'delivered', 5000);
    const [alert] = await getMonitorAlerts(ctx, 'm-web');
    expect(alert).toMatchObject({ alertId, status: 'delivered', attempts: 1 });
    expect(await ctx.redis.xlen(ctx.keys.outbox)).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(servers.slack.requests).toHaveLength(1);
  });

  it('after 500s and refused connections for ~5 s, every alert arrives, in order, none twice', async () => {
    await addChannel(ctx, { name: 'ops', url: servers.slack.url });
    servers.slack.setDefault({ status: 500 });
    start();
    const sent = ['down a', 'down b', 'resolved a', 'down c', 'resolved b', 'down a'];
    for (const event of sent) {
      const [type, name] = event.split(' ');
      await enqueueAlert(ctx, type === 'down' ? down(name) : resolved(name));
      await new Promise((r) => setTimeout(r, 150));
    }
    await waitFor(() => servers.slack.requests.length >= 1, 5000, 50, 'a first (failed) attempt');
    await servers.slack.close(); // connections refused now
    await new Promise((r) => setTimeout(r, 5000));
    servers.slack.setDefault('ok');
    await servers.slack.reopen();
    await waitFor(() => acceptedEvents().length >= sent.length, 40_000, 100, 'all alerts after the outage');
    await new Promise((r) => setTimeout(r, 1500));
    expect(acceptedEvents()).toEqual(sent);
    const log = await getAlertLog(ctx, { limit: 10 });
    expect(log.entries.every((e) => ['delivered', 'digest'].includes(e.status) && e.attempts >= 2)).toBe(true);
    expect(await ctx.redis.xlen(ctx.keys.outbox)).toBe(0);
  });

  it('waits out a 429 Retry-After before sending again', async () => {
    await addChannel(ctx, { name: 'ops', url: servers.slack.url });
    servers.slack.queue({ status: 429, retryAfterSeconds: 2 });
    await enqueueAlert(ctx, down('web'));
    start();
    await waitFor(() => servers.slack.accepted().length === 1, 15_000, 50, 'delivery after the 429');
    expect(servers.slack.requests).toHaveLength(2);
    expect(servers.slack.requests[1].at - servers.slack.requests[0].at).toBeGreaterThanOrEqual(1900);
    expect(acceptedEvents()).toEqual(['down web']);
  });

  it('a 404 marks the channel failing without a hot retry loop; a good test message frees it', async () => {
    const channel = await addChannel(ctx, { name: 'ops', url: servers.slack.url });
    servers.slack.setDefault({ status: 404, body: 'no_service' });
    await enqueueAlert(ctx, down('web'));
    start();
    await waitFor(async () => (await getChannel(ctx, channel.id))?.health === 'failing', 10_000, 50, 'channel failing');
    const failing = await getChannel(ctx, channel.id);
    expect(failing?.lastError).toContain('404');
    expect(failing?.failingSince).toBeGreaterThan(0);
    const [alert] = await getMonitorAlerts(ctx, 'm-web');
    expect(alert).toMatchObject({ status: 'failing', lastError: expect.stringContaining('404') });
    await new Promise((r) => setTimeout(r, 3000));
    expect(servers.slack.requests).toHaveLength(1); // no hot loop
    servers.slack.setDefault('ok');
    expect(await sendTestMessage(ctx, channel.id)).toEqual({ ok: true });
    expect((await getChannel(ctx, channel.id))?.health).toBe('ok');
    await waitFor(() => acceptedEvents().includes('down web'), 10_000, 50, 'the alert after the fix');
  });

  it('a new URL for a failing channel is tried at once', async () => {
    const channel = await addChannel(ctx, { name: 'ops', url: `${servers.slack.url}-old` });
    servers.slack.setDefault({ status: 404 });
    await enqueueAlert(ctx, down('web'));
    start();
    await waitFor(async () => (await getChannel(ctx, channel.id))?.health === 'failing', 10_000);
    servers.slack.setDefault('ok');
    await updateChannelUrl(ctx, channel.id, servers.slack.url);
    await waitFor(() => acceptedEvents().includes('down web'), 5000, 50, 'delivery to the new URL');
    expect(servers.slack.accepted()[0].path).toBe(new URL(servers.slack.url).pathname);
  });

  it('a request that hangs past the timeout is retried', async () => {
    await addChannel(ctx, { name: 'ops', url: servers.slack.url });
    servers.slack.queue('hang');
    await enqueueAlert(ctx, down('web'));
    start();
    await waitFor(() => servers.slack.accepted().length === 1, 15_000, 50, 'delivery after the hang');
    expect(servers.slack.requests).toHaveLength(2);
    const [alert] = await getMonitorAlerts(ctx, 'm-web');
    expect(alert.attempts).toBe(2);
  });

  it('a name made to mention @channel and hide a link arrives as literal text', async () => {
    await addChannel(ctx, { name: 'ops', url: servers.slack.url });
    const evil = '<!channel> & <http://evil.example|click>';
    await enqueueAlert(ctx, down(evil, { message: '<!here> <@U123>' }));
    start();
    await waitFor(() => servers.slack.accepted().length === 1, 10_000);
    const raw = servers.slack.accepted()[0].raw;
    expect(raw).not.toMatch(/<!channel>|<!here>|<http:\/\/evil|<@U123>/);
    expect(raw).toContain('&lt;!channel&gt; &amp; &lt;http://evil.example|click&gt;');
    expect(servers.slack.accepted()[0].body.text).toContain('&lt;!here&gt;');
  });

  it('folds 50 waiting alerts into a digest naming the monitors, with the rest in the alert log', async () => {
    ctx.redis.disconnect();
    ctx = alertTestContext(servers.redis.url, { IMALERT_PUBLIC_URL: 'https://imalert.example.com' });
    await addChannel(ctx, { name: 'ops', url: servers.slack.url });
    for (let i = 0; i < 50; i++) await enqueueAlert(ctx, down(`svc-${i}`));
    start();
    await waitFor(async () => (await ctx.redis.xlen(ctx.keys.outbox)) === 0, 15_000, 100, 'outbox drained');
    expect(servers.slack.accepted().length).toBeLessThanOrEqual(3);
    const digests = servers.slack.accepted().map((r) => alertsInPayload(r.body));
    const named = digests.flatMap((d) => d.events);
    expect(named.length + digests.reduce((n, d) => n + d.more, 0)).toBe(50);
    expect(new Set(named).size).toBe(named.length);
    expect(servers.slack.accepted().at(-1)!.raw).toContain('https://imalert.example.com/alerts');
    const log = await getAlertLog(ctx, { limit: 100 });
    expect(log.entries).toHaveLength(50);
    expect(new Set(log.entries.map((e) => e.monitorName)).size).toBe(50);
    expect(log.entries.every((e) => e.status === 'digest' || e.status === 'delivered')).toBe(true);
  });

  it('paces a channel to about one message a second (short burst), folding the rest, in order', async () => {
    await addChannel(ctx, { name: 'ops', url: servers.slack.url });
    start();
    const names = Array.from({ length: 30 }, (_, i) => `p${i}`);
    const began = Date.now();
    for (const name of names) {
      await enqueueAlert(ctx, down(name));
      await new Promise((r) => setTimeout(r, 100));
    }
    await waitFor(async () => (await ctx.redis.xlen(ctx.keys.outbox)) === 0, 15_000, 100, 'outbox drained');
    const seconds = (Date.now() - began) / 1000;
    const messages = servers.slack.accepted();
    expect(messages.length).toBeLessThanOrEqual(3 + Math.ceil(seconds) + 1);
    expect(messages.length).toBeGreaterThan(1);
    for (let i = 3; i < messages.length; i++) {
      // a bucket of 3 refilled at 1/s: any 4 messages in a row span at least a second
      expect(messages[i].at - messages[i - 3].at).toBeGreaterThanOrEqual(900);
    }
    expect(acceptedEvents()).toEqual(names.map((n) => `down ${n}`));
  });
});
