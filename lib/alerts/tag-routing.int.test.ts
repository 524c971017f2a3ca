import { describe, expect, it } from 'vitest';
import type { AppContext } from '../context';
import { UserError } from '../errors';
import { redisServerPerFile } from '../../test/support/redis-per-file';
import { testContext } from '../../test/support/dashboard-context';
import { addChannel, getChannel, listChannels, removeChannel, setChannelTags } from './channels';
import { getAlertLog, getMonitorAlerts } from './log';
import { enqueueAlert, ensureOutboxGroup, routeNewAlerts } from './outbox';

// Routing by tag: a channel attached to a tag gets the alerts of every monitor carrying it, on top
// of the channels the monitor names or, when it names none, the default channel.
let ctx: AppContext;
redisServerPerFile((client) => {
  ctx = testContext(client);
});

const HOOK = 'https://hooks.slack.com/services/T1/B1/tag-routing-';
const tcp = (name: string, tags: string[], channelIds: string[] = []) =>
  ({ kind: 'tcp', name, cron: '*/5 * * * *', host: 'db.internal', port: 5432, tags, channelIds });

/** Sends a DOWN for the monitor through the outbox, routes it, and says which channels it went to. */
async function routedTo(monitorId: string, channelIds: string[]): Promise<string[]> {
  await enqueueAlert(ctx, { type: 'down', monitorId, monitorName: monitorId, message: 'refused', channelIds });
  await routeNewAlerts(ctx, 'router');
  const [latest] = await getMonitorAlerts(ctx, monitorId, 1);
  return latest.channels;
}

describe('routing by tag', () => {
  it('adds the channels of the monitor’s tags to its own channels or the default', async () => {
    await ensureOutboxGroup(ctx);
    const general = await addChannel(ctx, { name: '#general', url: `${HOOK}general` }); // the first: the default
    const dbOncall = await addChannel(ctx, { name: '#db-oncall', url: `${HOOK}db` });
    const team = await addChannel(ctx, { name: '#team', url: `${HOOK}team` });
    const edge = await addChannel(ctx, { name: '#edge', url: `${HOOK}edge` });
    expect((await setChannelTags(ctx, dbOncall.id, ['db'])).tags).toEqual(['db']);
    await setChannelTags(ctx, edge.id, ['edge', 'db']);

    const db = await ctx.monitors.create(tcp('routed db', ['db']));
    const dbWithTeam = await ctx.monitors.create(tcp('routed db team', ['db', 'prod'], [team.id]));
    const plain = await ctx.monitors.create(tcp('routed plain', ['prod']));

    expect(await routedTo(db.id, db.channelIds)).toEqual([general.id, dbOncall.id, edge.id]);
    expect(await routedTo(dbWithTeam.id, dbWithTeam.channelIds)).toEqual([team.id, dbOncall.id, edge.id]);
    expect(await routedTo(plain.id, plain.channelIds)).toEqual([general.id]);
    expect(await ctx.redis.lrange(ctx.keys.channelQueue(dbOncall.id), 0, -1)).toHaveLength(2);

    // A monitor that drops the tag stops alerting the tag's channel at once.
    await ctx.monitors.update(db.id, tcp('routed db', []));
    expect(await routedTo(db.id, [])).toEqual([general.id]);

    // A channel named twice (its own and by tag) gets the alert once.
    const both = await ctx.monitors.create(tcp('routed both', ['db'], [dbOncall.id]));
    expect(await routedTo(both.id, both.channelIds)).toEqual([dbOncall.id, edge.id]);

    // Detached, and removed: neither gets tag alerts any more; the removal forgets its tags.
    await setChannelTags(ctx, edge.id, []);
    expect((await getChannel(ctx, edge.id))?.tags).toEqual([]);
    await removeChannel(ctx, dbOncall.id);
    expect(await ctx.redis.hexists(ctx.keys.channelTags, dbOncall.id)).toBe(0);
    expect(await routedTo(dbWithTeam.id, dbWithTeam.channelIds)).toEqual([team.id]);
  });

  it('system alerts go to the default channel only', async () => {
    const channels = await listChannels(ctx);
    const general = channels.find((c) => c.isDefault)!;
    await setChannelTags(ctx, channels.find((c) => c.name === '#team')!.id, ['db']);
    await enqueueAlert(ctx, { type: 'system', monitorName: 'No live worker', message: 'no worker', condition: 'no-worker', systemState: 'raised' });
    await routeNewAlerts(ctx, 'router');
    const { entries } = await getAlertLog(ctx, { limit: 1 });
    expect(entries[0]).toMatchObject({ type: 'system', channels: [general.id] });
  });

  it('refuses bad tags and a channel that is gone, changing nothing', async () => {
    const [first] = await listChannels(ctx);
    const before = await ctx.redis.hgetall(ctx.keys.channelTags);
    await expect(setChannelTags(ctx, first.id, ['Not OK'])).rejects.toMatchObject({ fieldErrors: { tags: [expect.stringMatching(/^Not a tag: "Not OK"/)] } });
    await expect(setChannelTags(ctx, 'chgone', ['db'])).rejects.toBeInstanceOf(UserError);
    expect(await ctx.redis.hgetall(ctx.keys.channelTags)).toEqual(before);
  });
});
