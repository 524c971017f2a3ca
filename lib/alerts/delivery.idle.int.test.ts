import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitFor } from '../../test/support/ports';
import { alertServers, alertTestContext, quietLog } from '../../test/support/alerts';
import { addChannel } from './channels';
import { startAlertDelivery } from './deliver';
import { enqueueAlert } from './outbox';

const servers = alertServers();
beforeAll(servers.start);
afterAll(servers.stop);

/** Calls of one command Redis has served so far (INFO commandstats). */
async function calls(ctx: ReturnType<typeof alertTestContext>, command: string): Promise<number> {
  const line = (await ctx.redis.info('commandstats')).split('\n').find((l) => l.startsWith(`cmdstat_${command}:`));
  return Number(/calls=(\d+)/.exec(line ?? '')?.[1] ?? 0);
}

it('an idle sender looks at the channel queues about once a second, and still delivers the next alert', async () => {
  await servers.reset();
  const ctx = alertTestContext(servers.redis.url);
  await addChannel(ctx, { name: 'ops', url: servers.slack.url });
  const delivery = startAlertDelivery(ctx, { consumerName: 'idle-sender', log: quietLog });
  try {
    await new Promise((r) => setTimeout(r, 2000)); // past the first short waits
    const before = await calls(ctx, 'smembers');
    await new Promise((r) => setTimeout(r, 6000));
    // One look a pass: a sender polling every 200 ms would make 30 in these 6 s.
    expect(await calls(ctx, 'smembers') - before).toBeLessThanOrEqual(8);
    await enqueueAlert(ctx, { type: 'down', monitorId: 'm-idle', monitorName: 'idle', kind: 'tcp', target: 'db:5432', message: 'refused', since: Date.now() });
    await waitFor(() => servers.slack.accepted().length === 1, 15_000, 50, 'the alert after an idle spell');
  } finally {
    await delivery.stop();
    ctx.redis.disconnect();
  }
}, 60_000);
