import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitFor } from '../../test/support/ports';
import { exited, startTsProcess } from '../../test/support/processes';
import { alertServers, alertsInPayload, alertTestContext, alertTestEnv } from '../../test/support/alerts';
import { addChannel } from './channels';
import { enqueueAlert } from './outbox';

const ROUNDS = 3;
const ALERTS_PER_ROUND = 30;
// Longer than a lease (ALERT_HTTP_TIMEOUT_MS + 5 s = 6 s here), so it expires while Redis is frozen.
const FROZEN_MS = 8000;

const servers = alertServers();
beforeAll(servers.start);
afterAll(servers.stop);

it('two senders: a lease that expires while Redis is frozen never lets both post the same alerts', async () => {
  const ctx = alertTestContext(servers.redis.url);
  await addChannel(ctx, { name: 'ops', url: servers.slack.url });
  const env = alertTestEnv(servers.redis.url);
  const senders = await Promise.all(['a', 'b'].map((name) => startTsProcess('test/support/alert-sender-process.ts', { ...env, SENDER_NAME: name }, 'ready')));
  const accepted = () => servers.slack.accepted().flatMap((r) => { const p = alertsInPayload(r.body); return p.events.length ? [...p.events, ...Array(p.more).fill('more')] : []; });
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      // Slack fails; Redis freezes 0.5 s after the second failed post and stays frozen past the lease.
      servers.slack.setDefault({ status: 500 });
      const failedBefore = servers.slack.requests.length;
      let frozen: Promise<void> | undefined;
      servers.slack.onRequest = () => {
        if (frozen || servers.slack.requests.length < failedBefore + 2) return;
        frozen = (async () => {
          await new Promise((r) => setTimeout(r, 500));
          servers.redis.pause();
          servers.slack.setDefault('ok');
          await new Promise((r) => setTimeout(r, FROZEN_MS));
          servers.redis.resume();
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
      servers.slack.onRequest = undefined;
      await waitFor(async () => (await ctx.redis.llen(ctx.keys.channelQueue((await ctx.redis.get(ctx.keys.defaultChannel))!))) === 0, 30_000, 100, 'the queue delivered');
      await new Promise((r) => setTimeout(r, 2000)); // a second post would come within this
      const posted = accepted().filter((e) => e === 'more' || e.startsWith(`down r${round}-`));
      // Digests name the first 40 alerts; 30 fit, so every posted alert is named.
      expect(posted.filter((e) => e === 'more')).toEqual([]);
      expect(posted.sort()).toEqual(expected);
    }
  } finally {
    servers.redis.resume();
    for (const sender of senders) sender.kill('SIGTERM');
    await Promise.all(senders.map(exited));
    ctx.redis.disconnect();
  }
});
