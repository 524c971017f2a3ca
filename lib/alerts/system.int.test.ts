import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHeartbeat } from '../heartbeat';
import { waitFor } from '../../test/support/ports';
import { exited, startTsProcess } from '../../test/support/processes';
import { alertServers, alertTestContext, alertTestEnv, quietLog } from '../../test/support/alerts';
import { addChannel } from './channels';
import { startAlertDelivery } from './deliver';

const servers = alertServers();
beforeAll(servers.start);
afterAll(servers.stop);

const { count } = servers;

it('with no worker running, the real controller delivers "no live worker" once, and its resolution once', async () => {
  const extra = { SYSTEM_ALERT_AFTER_MS: '1000', HEARTBEAT_MS: '500' };
  const ctx = alertTestContext(servers.redis.url, extra);
  await addChannel(ctx, { name: 'ops', url: servers.slack.url });
  // The controller daemon itself: it heartbeats (so only the worker condition is raised) and drains the outbox.
  const controller = await startTsProcess('daemons/controller.ts', { ...alertTestEnv(servers.redis.url, extra), LOG_LEVEL: 'info' }, 'controller started');
  let second: { stop(): Promise<void> } | undefined;
  try {
    // Only the controller runs a sender here: this alert can come from nowhere else.
    await waitFor(() => count('⚠️ No live worker') === 1, 20_000, 100, 'the "no live worker" alert');
    // A second sender evaluates the same conditions from now on: nothing may go out twice.
    second = startAlertDelivery(ctx, { consumerName: 'second', log: quietLog });
    const text = JSON.stringify(servers.slack.accepted().find((r) => r.body.blocks[0].text.text === '⚠️ No live worker')!.body);
    expect(text).toContain('No imalert worker has sent a heartbeat');
    await new Promise((r) => setTimeout(r, 2000));
    expect(count('⚠️ No live worker')).toBe(1);
    expect(count('⚠️ No live controller')).toBe(0);

    const workerBeat = startHeartbeat({ redis: ctx.redis, keys: ctx.keys, role: 'worker', name: 'w1', periodMs: 500 });
    await waitFor(() => count('✅ A worker is running again') === 1, 20_000, 100, 'the resolution');
    await new Promise((r) => setTimeout(r, 1500));
    expect(count('✅ A worker is running again')).toBe(1);
    expect(count('⚠️ No live worker')).toBe(1);
    await workerBeat.stop();
  } finally {
    await second?.stop();
    controller.kill('SIGTERM');
    await exited(controller);
    ctx.redis.disconnect();
  }
});

it('dead letters piling up raise one system alert', async () => {
  const ctx = alertTestContext(servers.redis.url, { SYSTEM_ALERT_AFTER_MS: '1000' });
  const beats = (['worker', 'controller'] as const).map((role) => startHeartbeat({ redis: ctx.redis, keys: ctx.keys, role, name: `${role}-x`, periodMs: 500 }));
  const delivery = startAlertDelivery(ctx, { consumerName: 'dl', log: quietLog, deadLetterThreshold: 5 });
  try {
    for (let i = 0; i < 6; i++) await ctx.redis.xadd(ctx.keys.deadLetters, '*', 'monitorId', `m${i}`, 'lastError', 'boom');
    await waitFor(() => count('⚠️ Dead letters are piling up') === 1, 15_000, 100, 'the dead-letter alert');
    await ctx.redis.del(ctx.keys.deadLetters);
    await waitFor(() => count('✅ Dead letters are back under the threshold') === 1, 15_000, 100, 'its resolution');
    expect(count('⚠️ Dead letters are piling up')).toBe(1);
  } finally {
    await delivery.stop();
    await Promise.all(beats.map((b) => b.stop()));
    ctx.redis.disconnect();
  }
});

it('no live controller for the set time raises one system alert naming what stopped, and its resolution once', async () => {
  await servers.redis.client().flushall();
  const ctx = alertTestContext(servers.redis.url, { SYSTEM_ALERT_AFTER_MS: '1000' });
  await addChannel(ctx, { name: 'ops', url: servers.slack.url });
  const workerBeat = startHeartbeat({ redis: ctx.redis, keys: ctx.keys, role: 'worker', name: 'w-only', periodMs: 500 });
  const delivery = startAlertDelivery(ctx, { consumerName: 'nc', log: quietLog });
  let controllerBeat: { stop(): Promise<void> } | undefined;
  try {
    await waitFor(() => count('⚠️ No live controller') === 1, 15_000, 100, 'the "no live controller" alert');
    const alert = servers.slack.accepted().find((r) => r.body.blocks[0].text.text === '⚠️ No live controller')!;
    expect(JSON.stringify(alert.body)).toContain('Nothing is being scheduled');
    controllerBeat = startHeartbeat({ redis: ctx.redis, keys: ctx.keys, role: 'controller', name: 'c1', periodMs: 500 });
    await waitFor(() => count('✅ A controller is running again') === 1, 15_000, 100, 'the resolution');
    await new Promise((r) => setTimeout(r, 1000));
    expect(count('⚠️ No live controller')).toBe(1);
    expect(count('✅ A controller is running again')).toBe(1);
  } finally {
    await delivery.stop();
    await controllerBeat?.stop();
    await workerBeat.stop();
    ctx.redis.disconnect();
  }
});

it('"no live controller" counts the outage from the controller that stopped, not from an older crashed one', async () => {
  await servers.redis.client().flushall();
  const ctx = alertTestContext(servers.redis.url, { SYSTEM_ALERT_AFTER_MS: '2000' });
  await addChannel(ctx, { name: 'ops', url: servers.slack.url });
  const before = servers.slack.accepted().length;
  // A controller that crashed 30 minutes ago left its heartbeat entry behind (kept for an hour).
  const [seconds] = await ctx.redis.time();
  await ctx.redis.zadd(ctx.keys.heartbeats('controller'), Number(seconds) * 1000 - 30 * 60_000, 'crashed-long-ago');
  const workerBeat = startHeartbeat({ redis: ctx.redis, keys: ctx.keys, role: 'worker', name: 'w-only', periodMs: 500 });
  const controllerBeat = startHeartbeat({ redis: ctx.redis, keys: ctx.keys, role: 'controller', name: 'c-live', periodMs: 500 });
  const delivery = startAlertDelivery(ctx, { consumerName: 'nc2', log: quietLog });
  try {
    await new Promise((r) => setTimeout(r, 1500));
    await controllerBeat.stop(); // a clean stop: the outage starts now
    const raised = () => servers.slack.accepted().slice(before).find((r) => r.body.blocks[0].text.text === '⚠️ No live controller');
    const alert = await waitFor(raised, 15_000, 100, 'the "no live controller" alert');
    const text = JSON.stringify(alert.body);
    expect(text).toMatch(/heartbeat for \d+ s\./);
    const seconds = Number(text.match(/heartbeat for (\d+) s\./)![1]);
    expect(seconds).toBeGreaterThanOrEqual(2);
    expect(seconds).toBeLessThan(20);
  } finally {
    await delivery.stop();
    await workerBeat.stop();
    ctx.redis.disconnect();
  }
});
