import { beforeEach, describe, expect, it } from 'vitest';
import { OUTBOX_GROUP } from '../store/keys';
import { waitFor } from '../../test/support/ports';
import { startSlackStandIn } from '../../test/support/slack-stand-in';
import { alertContextPerFile, alertsInPayload, quietLog } from '../../test/support/alerts';
import { addChannel, getChannel, removeChannel } from './channels';
import { startAlertDelivery } from './deliver';
import { getAlertLog, getMonitorAlerts } from './log';
import { completeAlerts, enqueueAlert, ensureOutboxGroup, reclaimIdleAlerts, routeNewAlerts } from './outbox';
import { sendTestMessage } from './test-message';
import type { AlertContext } from './types';

let ctx: AlertContext;
const HOOK = 'https://hooks.slack.com/services/T1/B1/not-real-xxxx';
const alert = (name: string, channelIds: string[] = []) =>
  ({ type: 'down' as const, monitorId: `m-${name}`, monitorName: name, message: 'refused', channelIds });

alertContextPerFile((started) => (ctx = started));
beforeEach(async () => {
  await ensureOutboxGroup(ctx);
});

describe('outbox routing', () => {
  it('queues each alert for its channels (the default when none is named) and keeps it pending until done', async () => {
    const a = await addChannel(ctx, { name: 'a', url: HOOK });
    const b = await addChannel(ctx, { name: 'b', url: `${HOOK}b` });
    await enqueueAlert(ctx, alert('x'));
    await enqueueAlert(ctx, alert('y', [b.id, 'removed-channel']));
    expect(await routeNewAlerts(ctx, 'me')).toBe(2);
    expect(await ctx.redis.lrange(ctx.keys.channelQueue(a.id), 0, -1)).toHaveLength(1);
    const [y] = await getMonitorAlerts(ctx, 'm-y');
    expect(y.channels).toEqual([b.id]);
    expect(await ctx.redis.lrange(ctx.keys.channelQueue(b.id), 0, -1)).toEqual([y.alertId]);
    expect((await ctx.redis.xpending(ctx.keys.outbox, OUTBOX_GROUP))[0]).toBe(2);
    await completeAlerts(ctx, b.id, [y.alertId], 'delivered');
    expect((await ctx.redis.xpending(ctx.keys.outbox, OUTBOX_GROUP))[0]).toBe(1);
    expect(await ctx.redis.xlen(ctx.keys.outbox)).toBe(1);
  });

  it('with no channel at all, the alert is logged as undeliverable and acked', async () => {
    await enqueueAlert(ctx, alert('x'));
    await routeNewAlerts(ctx, 'me');
    const { entries } = await getAlertLog(ctx);
    expect(entries[0]).toMatchObject({ monitorName: 'x', status: 'undeliverable', lastError: 'No alert channel is configured' });
    expect(await ctx.redis.xlen(ctx.keys.outbox)).toBe(0);
  });

  it('reclaims entries a consumer read but never routed, and acks reclaimed entries already done', async () => {
    const a = await addChannel(ctx, { name: 'a', url: HOOK });
    await enqueueAlert(ctx, alert('x'));
    // A consumer that read the entry outside the routing script and died.
    await ctx.redis.xreadgroup('GROUP', OUTBOX_GROUP, 'dead', 'COUNT', 10, 'STREAMS', ctx.keys.outbox, '>');
    expect(await routeNewAlerts(ctx, 'me')).toBe(0);
    expect(await reclaimIdleAlerts(ctx, 'me', 0)).toBe(1);
    const [x] = await getMonitorAlerts(ctx, 'm-x');
    expect(await ctx.redis.lrange(ctx.keys.channelQueue(a.id), 0, -1)).toEqual([x.alertId]);
    // Delivered but the ack was lost: the next reclaim acks it instead of queueing it again.
    await ctx.redis.hset(ctx.keys.alert(x.alertId), `st:${a.id}`, 'delivered');
    await ctx.redis.del(ctx.keys.channelQueue(a.id));
    expect(await reclaimIdleAlerts(ctx, 'me', 0)).toBe(1);
    expect(await ctx.redis.xlen(ctx.keys.outbox)).toBe(0);
    expect(await ctx.redis.llen(ctx.keys.channelQueue(a.id))).toBe(0);
  });

  it('routes a batch in stream order per channel, keeps the newest 200 per monitor, reads odd channel lists', async () => {
    const a = await addChannel(ctx, { name: 'a', url: HOOK });
    const b = await addChannel(ctx, { name: 'b', url: `${HOOK}b` });
    const ids: string[] = [];
    for (let i = 0; i < 250; i++) ids.push(await enqueueAlert(ctx, alert('x', i % 2 ? [a.id, b.id] : [b.id])));
    // Written by hand (not JSON.stringify): spaces, a non-string, a nested list, a removed channel.
    const odd = await ctx.redis.xadd(ctx.keys.outbox, '*', 'alertId', 'odd', 'type', 'down', 'monitorId', 'm-odd',
      'monitorName', 'odd', 'message', 'm', 'channelIds', `[ 7, ["${b.id}"], "gone", "${a.id}" ]`);
    expect(odd).toBeTruthy();
    expect(await routeNewAlerts(ctx, 'me', 1000)).toBe(251);
    expect(await ctx.redis.lrange(ctx.keys.channelQueue(b.id), 0, -1)).toEqual(ids);
    expect(await ctx.redis.lrange(ctx.keys.channelQueue(a.id), 0, -1)).toEqual([...ids.filter((_, i) => i % 2), 'odd']);
    expect(await ctx.redis.lrange(ctx.keys.alertsByMonitor('m-x'), 0, -1)).toEqual(ids.slice(50).reverse());
    expect(await ctx.redis.hget(ctx.keys.alert(ids[1]), 'channels')).toBe(JSON.stringify([a.id, b.id]));
    expect(await ctx.redis.hget(ctx.keys.alert('odd'), 'channels')).toBe(JSON.stringify([a.id]));
    expect(await ctx.redis.smembers(ctx.keys.channelsWithWork)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect((await ctx.redis.xpending(ctx.keys.outbox, OUTBOX_GROUP))[0]).toBe(251);
  });

  it('removing a channel drops what waits for it (logged) and acks it', async () => {
    const a = await addChannel(ctx, { name: 'a', url: HOOK });
    await enqueueAlert(ctx, alert('x'));
    await routeNewAlerts(ctx, 'me');
    expect((await removeChannel(ctx, a.id)).waitingAlertIds).toHaveLength(1);
    expect((await getMonitorAlerts(ctx, 'm-x'))[0].status).toBe('dropped');
    expect(await ctx.redis.xlen(ctx.keys.outbox)).toBe(0);
  });
});

it('a failing channel does not hold up another; the alert is acked once both took it', async () => {
  const good = await startSlackStandIn();
  const bad = await startSlackStandIn();
  bad.setDefault({ status: 404 });
  const delivery = startAlertDelivery(ctx, { consumerName: 's', log: quietLog });
  try {
    const a = await addChannel(ctx, { name: 'good', url: good.url });
    const b = await addChannel(ctx, { name: 'bad', url: bad.url });
    await enqueueAlert(ctx, alert('x', [b.id, a.id]));
    await waitFor(() => good.accepted().length === 1, 10_000, 50, 'the good channel');
    await waitFor(async () => (await getChannel(ctx, b.id))?.health === 'failing', 10_000, 50, 'the bad channel failing');
    const [x] = await getMonitorAlerts(ctx, 'm-x');
    expect(x.channelStatus).toEqual({ [b.id]: 'failing', [a.id]: 'delivered' });
    expect(await ctx.redis.xlen(ctx.keys.outbox)).toBe(1);
    await enqueueAlert(ctx, alert('y', [a.id]));
    await waitFor(() => good.accepted().length === 2, 10_000, 50, 'later alerts still flow to the good channel');
    bad.setDefault('ok');
    expect((await sendTestMessage(ctx, b.id)).ok).toBe(true);
    await waitFor(async () => (await ctx.redis.xlen(ctx.keys.outbox)) === 0, 10_000, 50, 'acked after both');
    expect(bad.accepted().flatMap((r) => alertsInPayload(r.body).events)).toEqual(['down x']);
    expect((await getMonitorAlerts(ctx, 'm-x'))[0].status).toBe('delivered');
  } finally {
    await delivery.stop();
    await good.stop();
    await bad.stop();
  }
});
