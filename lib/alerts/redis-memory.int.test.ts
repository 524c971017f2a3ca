import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHeartbeat } from '../heartbeat';
import { dashboardPage, parseDashboardQuery } from '../dashboard';
import { waitFor } from '../../test/support/ports';
import { alertServers, alertTestContext, quietLog } from '../../test/support/alerts';
import { testContext } from '../../test/support/dashboard-context';
import { addChannel } from './channels';
import { startAlertDelivery } from './deliver';

const servers = alertServers();
beforeAll(servers.start);
afterAll(servers.stop);

const { count, headers } = servers;

/** Redis at its memory limit with noeviction, as with `maxmemory 1mb` on a small instance. */
async function fillToTheLimit(): Promise<void> {
  const admin = servers.redis.client();
  await admin.set('filler', 'x'.repeat(1_500_000));
  await admin.config('SET', 'maxmemory', '1mb');
  await expect(admin.set('probe', '1')).rejects.toThrow(/^OOM /);
}

it('Redis out of memory: one system alert from two senders, one resolution when writes work again, and the dashboard still reads', async () => {
  const ctx = alertTestContext(servers.redis.url, { SYSTEM_ALERT_AFTER_MS: '1000', HEARTBEAT_MS: '500' });
  const ui = testContext(servers.redis.client());
  await addChannel(ctx, { name: 'ops', url: servers.slack.url });
  const monitor = await ui.monitors.create({ kind: 'tcp', name: 'db primary', cron: '*/5 * * * *', host: 'db.internal', port: 5432 });
  const beats = (['worker', 'controller'] as const).map((role) => startHeartbeat({ redis: ctx.redis, keys: ctx.keys, role, name: `${role}-1`, periodMs: 500 }));
  const senders = ['a', 'b'].map((name) => startAlertDelivery(ctx, { consumerName: name, log: quietLog }));
  try {
    await new Promise((r) => setTimeout(r, 1500)); // both senders have looked at Redis while it took writes
    await fillToTheLimit();
    await waitFor(() => count('⚠️ Redis is out of memory') >= 1, 20_000, 100, 'the out-of-memory alert');
    const alert = servers.slack.accepted().find((r) => r.body.blocks[0].text.text === '⚠️ Redis is out of memory')!;
    expect(JSON.stringify(alert.body)).toContain('nothing can be saved');
    // The daemons learn from their own heartbeat that Redis, not a peer, is the trouble.
    await waitFor(() => beats.every((b) => b.isOutOfMemory()), 10_000, 100, 'heartbeats refused for lack of memory');
    const page = await dashboardPage(ui, parseDashboardQuery({}));
    expect(page.rows.map((row) => row.name)).toEqual(['db primary']);
    expect(page.counts.total).toBe(1);
    await new Promise((r) => setTimeout(r, 3000)); // several more evaluations by both senders, still out of memory
    expect(count('⚠️ Redis is out of memory')).toBe(1);

    await servers.redis.client().config('SET', 'maxmemory', '0');
    await waitFor(() => count('✅ Redis takes writes again') === 1, 20_000, 100, 'the resolution');
    await new Promise((r) => setTimeout(r, 3000));
    expect(count('⚠️ Redis is out of memory')).toBe(1);
    expect(count('✅ Redis takes writes again')).toBe(1);
    expect(beats.map((b) => b.isOutOfMemory())).toEqual([false, false]);
    // Heartbeats could not be written meanwhile: that is not an outage of the daemons.
    expect(headers().filter((h) => h.includes('No live'))).toEqual([]);
    expect(await ui.monitors.get(monitor.id)).toMatchObject({ name: 'db primary' });
  } finally {
    await servers.redis.client().config('SET', 'maxmemory', '0');
    await Promise.all(senders.map((s) => s.stop()));
    await Promise.all(beats.map((b) => b.stop()));
    ctx.redis.disconnect();
  }
});
