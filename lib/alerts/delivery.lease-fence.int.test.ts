import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { waitFor } from '../../test/support/ports';
import { exited, startTsProcess } from '../../test/support/processes';
import { startSlackStandIn, type SlackStandIn } from '../../test/support/slack-stand-in';
import { alertsInPayload, alertTestContext, alertTestEnv } from '../../test/support/alerts';
import { addChannel } from './channels';
import { enqueueAlert } from './outbox';

const ROUNDS = 3;
const ALERTS_PER_ROUND = 30;
// Longer than a lease (ALERT_HTTP_TIMEOUT_MS + 5 s = 6 s here), so it expires while Redis is frozen.
const FROZEN_MS = 8000;

let redis: TestRedis;
let slack: SlackStandIn;

beforeAll(async () => {
  redis = await startRedis();
  slack = await startSlackStandIn();
});
afterAll(async () => {
  redis.resume();
  await slack.stop();
  await redis.stop();
});

it('two senders: a lease that expires while Redis is frozen never lets both post the same alerts', async () => {
  const ctx = alertTestContext(redis.url);
  await addChannel(ctx, { name: 'ops', url: slack.url });
  const env = alertTestEnv(redis.url);
  const senders = await Promise.all(['a', 'b'].map((name) => startTsProcess('test/support/alert-sender-process.ts', { ...env, SENDER_NAME: name }, 'ready')));
  const accepted = () => slack.accepted().flatMap((r) => { const p = alertsInPayload(r.body); return p.events.length ? [...p.events, ...Array(p.more).fill('more')] : []; });
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      // Slack fails; Redis freezes 0.5 s after the second failed post and stays frozen past the lease.
      slack.setDefault({ status: 500 });
      const failedBefore = slack.requests.length;
      let frozen: Promise<void> | undefined;
      slack.onRequest = () => {
        if (frozen || slack.requests.length < failedBefore + 2) return;
        frozen = (async () => {
          await new Promise((r) => setTimeout(r, 500));
          redis.pause();
          slack.setDefault('ok');
          await new Promise((r) => setTimeout(r, FROZEN_MS));
          redis.resume();
        })();
      };
      const expected: string[] = [];
      for (let i = 0; i < ALERTS_PER_ROUND; i += 1) {
        const name = `r${round}-m${String(i).padStart(2, '0')}`;
        await enqueueAlert(ctx, { type: 'down', monitorId: name, monitorName: name, kind: 'tcp', target: 'x:1', message: 'refused' });
        expected.push(`down ${name}`);
      }
      await waitFor(() => frozen !== undefined, 30_000, 50, `round ${round}: two failed posts, then Redis frozen`);
      await frozen;
      slack.onRequest = undefined;
      await waitFor(async () => (await ctx.redis.llen(ctx.keys.channelQueue((await ctx.redis.get(ctx.keys.defaultChannel))!))) === 0, 30_000, 100, 'the queue delivered');
      await new Promise((r) => setTimeout(r, 2000)); // a second post would come within this
      const posted = accepted().filter((e) => e === 'more' || e.startsWith(`down r${round}-`));
      // Digests name the first 40 alerts; 30 fit, so every posted alert is named.
      expect(posted.filter((e) => e === 'more')).toEqual([]);
      expect(posted.sort()).toEqual(expected);
    }
  } finally {
    redis.resume();
    for (const sender of senders) sender.kill('SIGTERM');
    await Promise.all(senders.map(exited));
    ctx.redis.disconnect();
  }
});
