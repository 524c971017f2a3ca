import { afterAll, beforeAll, expect, it } from 'vitest';
import { addChannel } from '../lib/alerts/channels';
import { addJobs, runsOf, sleep, spawnDaemon, testSetup } from '../test/fixtures/worker';
import { alertsEnqueued, alertsInPayload } from '../test/support/alerts';
import { waitFor } from '../test/support/ports';
import { startRedis, type TestRedis } from '../test/support/redis-server';
import { startSlackStandIn } from '../test/support/slack-stand-in';
import { startHttpTarget } from '../test/support/targets/http-target';

// Through a worker process: an Elastic stand-in goes yellow, then red; Slack hears DOWN, then WORSE, once.
let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

it('tells Slack once when a down Elastic cluster goes from yellow to red, and not again while it stays red', async () => {
  let health = { status: 'yellow', unassigned_shards: 1 };
  const elastic = await startHttpTarget((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ cluster_name: 'logs', number_of_nodes: 3, ...health }));
  });
  const slack = await startSlackStandIn();
  const { env, ctx } = await testSetup(redis, 'worse');
  const worker = spawnDaemon('worker', { ...env, WORKER_CONSUMER_NAME: 'worse-w' });
  try {
    await addChannel(ctx, { name: 'ops', url: slack.url });
    const monitor = await ctx.monitors.create({ kind: 'elastic', name: 'logs', cron: '0 * * * *', url: elastic.url, watchHealth: true });
    const delivered = () => slack.accepted().flatMap((r) => alertsInPayload(r.body).events);
    let fire = Date.now();
    const run = async (count: number) => {
      for (let i = 0; i < count; i += 1) {
        const runs = (await runsOf(ctx, monitor.id)).length;
        await addJobs(ctx, [monitor.id], (fire += 1000));
        await waitFor(async () => (await runsOf(ctx, monitor.id)).length === runs + 1, 30_000, 50, 'the run recorded');
      }
    };
    await run(2);
    await waitFor(() => delivered().length === 1, 30_000, 100, 'the DOWN delivered');
    health = { status: 'red', unassigned_shards: 7 };
    await run(3);
    await waitFor(() => delivered().length === 2, 30_000, 100, 'the WORSE delivered');
    expect(await alertsEnqueued(ctx)).toBe(2); // none for the later red runs
    await sleep(1500); // room for a repeated alert to arrive
    expect(delivered()).toEqual(['down logs', 'worse logs']);
    const worse = slack.accepted()[1].body as { blocks: Array<{ text?: { text: string } }> };
    expect(JSON.stringify(worse.blocks)).toContain('cluster status: red vs is green');
    expect(JSON.stringify(worse.blocks)).toContain('unassigned shards: 7 vs at most 0');
    expect(await worker.stop()).toBe(0);
  } finally {
    await worker.stop();
    await slack.stop();
    await elastic.close();
  }
});
