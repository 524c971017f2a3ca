import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../checks';
import { kindSchemas, MONITOR_SCHEMA_VERSION, type Monitor } from '../monitors';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { startHttpTarget, type HttpTarget } from '../../test/support/targets/http-target';
import { applyResult } from './apply';
import { getStates } from './read';
import { checkResult, jobFor, outboxEntries, resultsContext, seedState, tcpMonitor } from '../../test/fixtures/results';

// A down monitor whose failure grows (Elastic yellow → red, a second Redis node lost) tells people once
// more, with a "worse" alert; the same failure again, or a milder one, stays quiet until re-notify.
let server: TestRedis;
let redis: Redis;
let elastic: HttpTarget;
let health = { status: 'green', unassigned_shards: 0 };

beforeAll(async () => {
  server = await startRedis();
  redis = server.client();
  elastic = await startHttpTarget((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ cluster_name: 'logs', number_of_nodes: 3, ...health }));
  });
});
afterAll(async () => {
  await elastic?.close();
  await server?.stop();
});

function elasticMonitor(): Monitor {
  const id = `m${randomBytes(6).toString('hex')}`;
  const fields = kindSchemas.elastic.parse({ kind: 'elastic', name: 'logs cluster', cron: '* * * * *', url: elastic.url, watchHealth: true, renotifyMinutes: 60 });
  return { ...fields, id, v: MONITOR_SCHEMA_VERSION, createdAt: Date.now(), updatedAt: Date.now() } as Monitor;
}

describe('a worse failure while down', () => {
  it('Elastic yellow with 1 unassigned shard, then red with 7: one DOWN, one WORSE, nothing for the same or a milder failure', async () => {
    const ctx = resultsContext(redis);
    const monitor = elasticMonitor();
    await seedState(ctx, monitor);
    let fire = Date.now();
    const step = async (status: string, unassigned: number) => {
      health = { status, unassigned_shards: unassigned };
      await applyResult(ctx, { monitor, job: jobFor(monitor, fire), result: await runCheck(monitor), workerName: 'w1' });
      fire += 1000;
      return (await outboxEntries(ctx)).map((a) => `${a.type}: ${a.message}`);
    };
    const first = await step('yellow', 1);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^down: Cluster logs: .*cluster status: yellow vs is green/s);
    expect(first[0]).toMatch(/unassigned shards: 1 vs at most 0/);
    expect(await step('yellow', 1)).toHaveLength(1);
    const worse = await step('red', 7);
    expect(worse).toHaveLength(2);
    expect(worse[1]).toMatch(/^worse: Cluster logs: .*cluster status: red vs is green/s);
    expect(worse[1]).toMatch(/unassigned shards: 7 vs at most 0/);
    expect(await step('red', 7)).toEqual(worse);
    expect(await step('yellow', 2)).toEqual(worse);
    expect(await step('red', 9)).toEqual(worse); // red was told already
    const alerts = await outboxEntries(ctx);
    expect(alerts[1]).toMatchObject({ type: 'worse', monitorName: 'logs cluster', since: alerts[0].since });
    const resolved = await step('green', 0);
    expect(resolved.slice(0, 2)).toEqual(worse);
    expect(resolved[2]).toMatch(/^resolved: Cluster logs/);
  });

  it('a second failing node raises the severity: told once; after recovery the next outage starts afresh', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor({ renotifyMinutes: 60 });
    await seedState(ctx, monitor);
    let fire = Date.now();
    const apply = async (ok: boolean, severity?: number) => {
      const result = { ...checkResult(ok), ...(severity === undefined ? {} : { severity }) };
      await applyResult(ctx, { monitor, job: jobFor(monitor, fire), result, workerName: 'w1' });
      fire += 1000;
    };
    await apply(false, 1);
    await apply(false, 2);
    await apply(false, 2);
    await apply(false, 1);
    expect((await outboxEntries(ctx)).map((a) => a.type)).toEqual(['down', 'worse']);
    await apply(true);
    await apply(false, 1);
    await apply(false, 2);
    expect((await outboxEntries(ctx)).map((a) => a.type)).toEqual(['down', 'worse', 'resolved', 'down', 'worse']);
    const [{ state }] = await getStates(ctx, [monitor.id]);
    expect(state?.status).toBe('down');
  });

  it('sends no WORSE while muted', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor({ renotifyMinutes: 60 });
    await seedState(ctx, monitor);
    const fire = Date.now();
    await applyResult(ctx, { monitor, job: jobFor(monitor, fire), result: { ...checkResult(false), severity: 1 }, workerName: 'w1' });
    const muted = { ...monitor, mutedUntil: Date.now() + 60_000 } as Monitor;
    await applyResult(ctx, { monitor: muted, job: jobFor(monitor, fire + 1000), result: { ...checkResult(false), severity: 3 }, workerName: 'w1' });
    expect((await outboxEntries(ctx)).map((a) => a.type)).toEqual(['down']);
  });
});
