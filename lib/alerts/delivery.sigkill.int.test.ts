import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitFor } from '../../test/support/ports';
import { exited, startTsProcess } from '../../test/support/processes';
import { alertServers, alertsInPayload, alertTestContext, alertTestEnv } from '../../test/support/alerts';
import { addChannel } from './channels';
import { getAlertLog } from './log';
import { enqueueAlert } from './outbox';

const servers = alertServers();
beforeAll(servers.start);
afterAll(servers.stop);

it('a sender SIGKILLed mid-delivery loses nothing: another sender delivers every alert exactly once', async () => {
  const ctx = alertTestContext(servers.redis.url);
  await addChannel(ctx, { name: 'ops', url: servers.slack.url });
  for (const name of ['a', 'b', 'c']) {
    await enqueueAlert(ctx, { type: 'down', monitorId: `m-${name}`, monitorName: name, kind: 'tcp', target: 'x:1', message: 'refused' });
  }
  const env = alertTestEnv(servers.redis.url);
  // The first request hangs; while it is in flight the sender is killed (Slack never accepted it).
  servers.slack.queue('hang');
  let killFirst = () => undefined as unknown;
  servers.slack.onRequest = () => {
    if (servers.slack.requests.length === 1) killFirst();
  };
  const first = await startTsProcess('test/support/alert-sender-process.ts', { ...env, SENDER_NAME: 'first' }, 'ready');
  killFirst = () => first.kill('SIGKILL');
  if (servers.slack.requests.length === 1) killFirst();
  await waitFor(() => first.signalCode === 'SIGKILL', 20_000, 20, 'the first sender killed mid-request');
  await exited(first);
  servers.slack.onRequest = undefined;

  const second = await startTsProcess('test/support/alert-sender-process.ts', { ...env, SENDER_NAME: 'second' }, 'ready');
  try {
    await waitFor(async () => (await ctx.redis.xlen(ctx.keys.outbox)) === 0, 30_000, 100, 'outbox drained by the second sender');
    await new Promise((r) => setTimeout(r, 1500));
    const delivered = servers.slack.accepted().flatMap((r) => alertsInPayload(r.body).events);
    expect(delivered).toEqual(['down a', 'down b', 'down c']);
    expect(servers.slack.requests).toHaveLength(4); // the one that hung when the first sender died, then three accepted
    expect(servers.slack.requests[0].status).toBe(0);
    const log = await getAlertLog(ctx, { limit: 10 });
    expect(log.entries.map((e) => e.status)).toEqual(['delivered', 'delivered', 'delivered']);
  } finally {
    second.kill('SIGTERM');
    await exited(second);
    ctx.redis.disconnect();
  }
});
