import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKeyring } from '../crypto/secrets';
import { isCorruptRecordError } from '../errors';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { TEST_SECRET_KEY } from '../../test/support/alerts';
import { applySequence, outboxEntries, remindMonitor, resultsContext, seedState, tcpMonitor } from '../../test/fixtures/results';
import { addChannel } from './channels';
import { completeAlerts, enqueueAlert, ensureOutboxGroup, failAlerts, readChannelQueue, routeNewAlerts } from './outbox';
import { outboxEntrySchema, parseOutboxEntry, toStoredAlert } from './outbox-entry';
import type { AlertContext } from './types';

const HOOK = 'https://hooks.slack.com/services/T1/B1/not-real-entry';
let server: TestRedis;

beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => server?.stop());

/** The result script's context on a fresh prefix, with what the alert code needs besides. */
function context(): AlertContext {
  const ctx = resultsContext(server.client(), { IMALERT_SECRET_KEY: TEST_SECRET_KEY });
  return { ...ctx, keyring: loadKeyring(ctx.config) };
}

const problemsOf = (entry: Record<string, string>) => outboxEntrySchema.safeParse(entry).error?.issues ?? [];

describe('the outbox entry', () => {
  it('the result script writes entries the schema reads: down, resolved, reminder', async () => {
    const ctx = context();
    const tcp = tcpMonitor({ channelIds: [] });
    const remind = remindMonitor();
    await seedState(ctx, tcp);
    await seedState(ctx, remind);
    await applySequence(ctx, tcp, 'FFFSSS', Date.now());
    await applySequence(ctx, remind, 'S', Date.now());
    const entries = await outboxEntries(ctx);
    expect(entries.map((entry) => entry.type)).toEqual(['down', 'resolved', 'reminder']);
    for (const entry of entries) expect(problemsOf(entry)).toEqual([]);
    expect(parseOutboxEntry(entries[1])).toMatchObject({ monitorId: tcp.id, monitorName: tcp.name, kind: 'tcp', at: expect.any(Number) });
  });

  it('enqueueAlert writes an entry the schema reads; routing, a failure and the delivery keep the alert readable', async () => {
    const ctx = context();
    const channel = await addChannel(ctx, { name: 'ops', url: HOOK });
    await ensureOutboxGroup(ctx);
    const alertId = await enqueueAlert(ctx, { type: 'system', monitorName: 'No live worker', message: 'none', condition: 'no-worker', systemState: 'raised' });
    const [entry] = await outboxEntries(ctx);
    expect(problemsOf(entry)).toEqual([]);

    await routeNewAlerts(ctx, 'me');
    const read = async () => toStoredAlert(await ctx.redis.hgetall(ctx.keys.alert(alertId)));
    expect(await read()).toMatchObject({ alertId, type: 'system', systemState: 'raised', status: 'queued', channels: [channel.id], channelStatus: { [channel.id]: 'queued' }, attempts: 0 });

    await ctx.redis.set(ctx.keys.channelLease(channel.id), 'token');
    await failAlerts(ctx, channel.id, [alertId], { error: 'Slack answered 500', retryAt: Date.now(), kind: 'transient', leaseToken: 'token' });
    expect(await read()).toMatchObject({ status: 'failing', lastError: 'Slack answered 500', attempts: 1, deliveredAt: null });

    await completeAlerts(ctx, channel.id, [alertId], 'digest', { digestId: 'd1', channelOk: true, leaseToken: 'token' });
    expect(await read()).toMatchObject({ status: 'digest', channelStatus: { [channel.id]: 'digest' }, attempts: 2, lastError: '', deliveredAt: expect.any(Number) });
  });

  it('an alert whose record does not pass the schema is taken off the queue and named; the next one is read', async () => {
    const ctx = context();
    const channel = await addChannel(ctx, { name: 'ops', url: HOOK });
    await ensureOutboxGroup(ctx);
    const broken = await enqueueAlert(ctx, { type: 'down', monitorName: 'a', message: 'refused' });
    const fine = await enqueueAlert(ctx, { type: 'down', monitorName: 'b', message: 'refused' });
    await routeNewAlerts(ctx, 'me');
    await ctx.redis.hset(ctx.keys.alert(broken), 'colour', 'red');
    const error = await ctx.redis.hgetall(ctx.keys.alert(broken)).then(toStoredAlert).catch((e: unknown) => e);
    expect(isCorruptRecordError(error)).toBe(true);

    const head = await readChannelQueue(ctx, channel.id, 10);
    expect(head.alerts.map((a) => a.alertId)).toEqual([fine]);
    expect(head.unreadable).toEqual([{ alertId: broken, error: expect.stringContaining('colour') }]);
    expect(await ctx.redis.lrange(ctx.keys.channelQueue(channel.id), 0, -1)).toEqual([fine]);
  });
});
