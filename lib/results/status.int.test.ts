import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { TestRedis } from '../../test/support/redis-server';
import { redisServerPerFile } from '../../test/support/redis-per-file';
import { applyResult } from './apply';
import { getStates, statusCounts } from './read';
import { applySequence, checkResult, jobFor, outboxEntries, resultsContext, seedState, tcpMonitor } from '../../test/fixtures/results';

let server: TestRedis;
let redis: Redis;
redisServerPerFile((client, started) => {
  redis = client;
  server = started;
});

describe('status by thresholds', () => {
  it('flapping below the thresholds changes nothing; crossing them gives one DOWN and one RESOLVED', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor({ failureThreshold: 3, successThreshold: 2 });
    await seedState(ctx, monitor);
    const statusOf = async () => (await getStates(ctx, [monitor.id]))[0].state?.status;
    const base = Date.now();

    let fire = await applySequence(ctx, monitor, 'S', base);
    expect(await statusOf()).toBe('pending');
    expect(await redis.sismember(ctx.keys.indexByStatus('pending'), monitor.id)).toBe(1);
    fire = await applySequence(ctx, monitor, 'S', fire);
    expect(await statusOf()).toBe('up');
    expect(await redis.sismember(ctx.keys.indexByStatus('pending'), monitor.id)).toBe(0);
    expect(await redis.sismember(ctx.keys.indexByStatus('up'), monitor.id)).toBe(1);

    fire = await applySequence(ctx, monitor, 'FFS FFS FS', fire);
    expect(await statusOf()).toBe('up');
    expect(await outboxEntries(ctx)).toEqual([]);

    const firstFailure = fire;
    fire = await applySequence(ctx, monitor, 'FFF', fire);
    expect(await statusOf()).toBe('down');
    expect(await redis.smembers(ctx.keys.indexByStatus('down'))).toEqual([monitor.id]);
    expect(await redis.scard(ctx.keys.indexByStatus('up'))).toBe(0);

    fire = await applySequence(ctx, monitor, 'SF SF F', fire);
    expect(await statusOf()).toBe('down');
    const firstSuccess = fire;
    fire = await applySequence(ctx, monitor, 'SS', fire);
    expect(await statusOf()).toBe('up');

    const alerts = await outboxEntries(ctx);
    expect(alerts.map((a) => a.type)).toEqual(['down', 'resolved']);
    expect(alerts[0]).toMatchObject({
      alertId: `${monitor.id}:${firstFailure + 2000}:down`, monitorId: monitor.id, monitorName: monitor.name, kind: 'tcp',
      target: '10.0.0.7:5432', message: 'Connection refused', since: String(firstFailure), downForMs: '', channelIds: '[]',
    });
    expect(alerts[1]).toMatchObject({ type: 'resolved', since: String(firstFailure), downForMs: String(firstSuccess - firstFailure), message: 'Connected' });
  });

  it('keeps the last result, counters and times in the state', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor({ failureThreshold: 2 });
    await seedState(ctx, monitor);
    const fire = Date.now();
    await applyResult(ctx, { monitor, job: jobFor(monitor, fire, 'manual'), result: checkResult(false, 42, 'refused'), workerName: 'worker-a' });
    const [{ state }] = await getStates(ctx, [monitor.id]);
    expect(state).toMatchObject({
      status: 'pending', lastResult: 'failed', lastMessage: 'refused', lastDetails: { port: 5432 }, lastFireTime: fire,
      lastDurationMs: 42, lastTrigger: 'manual', lastWorker: 'worker-a', consecutiveFailures: 1, consecutiveSuccesses: 0,
      downSince: null, downAlerted: false, incidentId: null,
    });
    expect(Math.abs((state?.lastRunAt ?? 0) - Date.now())).toBeLessThan(5000);
  });

  it('keeps the last run as one field, and names an unreadable one or a field it does not know', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor();
    await seedState(ctx, monitor);
    for (const [i, ok] of [true, true].entries()) { // the second is the steady path
      await applyResult(ctx, { monitor, job: jobFor(monitor, Date.now() + i), result: checkResult(ok, 20 + i, `new ${i}`), workerName: `w${i + 1}` });
      expect((await getStates(ctx, [monitor.id]))[0].state).toMatchObject({ lastMessage: `new ${i}`, lastDetails: { port: 5432 }, lastDurationMs: 20 + i, lastTrigger: 'schedule', lastWorker: `w${i + 1}` });
    }
    expect(JSON.parse((await redis.hget(ctx.keys.state(monitor.id), 'last')) ?? '')).toEqual({ m: 'new 1', d: { port: 5432 }, ms: 21, w: 'w2' });
    await redis.hset(ctx.keys.state(monitor.id), 'lastMessage', 'a field of its own');
    expect((await getStates(ctx, [monitor.id]))[0].error).toMatch(/state: Unrecognized key: "lastMessage"/);
    await redis.hdel(ctx.keys.state(monitor.id), 'lastMessage');
    await redis.hset(ctx.keys.state(monitor.id), 'last', '{"m":');
    expect((await getStates(ctx, [monitor.id]))[0].error).toMatch(/last: not the last run as the result script writes it/);
  });

  it('counts steady ok runs of an up monitor (the short path) exactly as any other result', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor();
    await seedState(ctx, monitor);
    const base = Date.now() - 60_000;
    const apply = (i: number, ok: boolean, worker: string) =>
      applyResult(ctx, { monitor, job: jobFor(monitor, base + i * 1000), result: checkResult(ok, 10 + i, ok ? `ok ${i}` : `refused ${i}`), workerName: worker });
    for (let i = 0; i < 4; i += 1) await apply(i, true, `w${i}`);
    let [{ state }] = await getStates(ctx, [monitor.id]);
    expect(state).toMatchObject({ status: 'up', consecutiveSuccesses: 4, consecutiveFailures: 0, lastMessage: 'ok 3', lastDurationMs: 13, lastWorker: 'w3', lastFireTime: base + 3000 });
    await apply(4, false, 'w4');
    await apply(5, true, 'w5');
    await apply(6, true, 'w6');
    [{ state }] = await getStates(ctx, [monitor.id]);
    expect(state).toMatchObject({ status: 'up', consecutiveSuccesses: 2, consecutiveFailures: 0, lastMessage: 'ok 6', lastWorker: 'w6' });
    expect((await outboxEntries(ctx)).map((a) => a.type)).toEqual(['down', 'resolved']);
    expect(await redis.zcard(ctx.keys.runs(monitor.id))).toBe(7);
    expect(await apply(6, true, 'w7')).toBe('stale');
  });
});

describe('dedupe by fire time', () => {
  it('a job delivered twice leaves one result and one alert', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor();
    await seedState(ctx, monitor);
    const job = jobFor(monitor, Date.now());
    const first = await applyResult(ctx, { monitor, job, result: checkResult(false), workerName: 'w1' });
    const again = await applyResult(ctx, { monitor, job, result: checkResult(false), workerName: 'w2' });
    expect([first, again]).toEqual(['applied', 'stale']);
    expect(await redis.zcard(ctx.keys.runs(monitor.id))).toBe(1);
    expect((await outboxEntries(ctx)).map((a) => a.type)).toEqual(['down']);
    expect((await getStates(ctx, [monitor.id]))[0].state?.lastWorker).toBe('w1');
  });

  it('an older result never moves the state back', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor();
    await seedState(ctx, monitor);
    const now = Date.now();
    expect(await applyResult(ctx, { monitor, job: jobFor(monitor, now), result: checkResult(true), workerName: 'w1' })).toBe('applied');
    expect(await applyResult(ctx, { monitor, job: jobFor(monitor, now - 60_000), result: checkResult(false), workerName: 'w1' })).toBe('stale');
    const [{ state }] = await getStates(ctx, [monitor.id]);
    expect(state).toMatchObject({ status: 'up', lastFireTime: now, lastResult: 'ok', consecutiveFailures: 0 });
    expect(await outboxEntries(ctx)).toEqual([]);
    expect(await redis.zcard(ctx.keys.runs(monitor.id))).toBe(1);
  });

  it('a result for a deleted monitor writes nothing', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor();
    expect(await applyResult(ctx, { monitor, job: jobFor(monitor, Date.now()), result: checkResult(false), workerName: 'w1' })).toBe('gone');
    expect(await redis.keys(`${ctx.keys.hashTag}*`)).toEqual([]);
  });

  it('a state whose counters are not numbers ("nan") still takes results: the batch is not stuck on it', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor({ failureThreshold: 2 });
    await seedState(ctx, monitor);
    await redis.hset(ctx.keys.state(monitor.id), 'consecutiveSuccesses', 'nan', 'consecutiveFailures', 'nan');
    const fire = Date.now();
    expect(await applyResult(ctx, { monitor, job: jobFor(monitor, fire), result: checkResult(true), workerName: 'w1' })).toBe('applied');
    expect(await applyResult(ctx, { monitor, job: jobFor(monitor, fire + 1000), result: checkResult(false), workerName: 'w1' })).toBe('applied');
    expect(await redis.hget(ctx.keys.state(monitor.id), 'lastFireTime')).toBe(String(fire + 1000));
    expect(await redis.hget(ctx.keys.state(monitor.id), 'consecutiveFailures')).toBe('1');
  });
});

describe('two workers racing', () => {
  it('two results for one change from two connections give one DOWN per monitor', async () => {
    const ctx = resultsContext(redis);
    const other = { ...ctx, redis: server.client() };
    const monitors = Array.from({ length: 25 }, () => tcpMonitor());
    await Promise.all(monitors.map((m) => seedState(ctx, m)));
    const fire = Date.now();
    const outcomes = await Promise.all(monitors.flatMap((monitor) => [
      // the same job delivered to both (a claim), and the next fire time, all at once
      applyResult(ctx, { monitor, job: jobFor(monitor, fire), result: checkResult(false), workerName: 'a' }),
      applyResult(other, { monitor, job: jobFor(monitor, fire), result: checkResult(false), workerName: 'b' }),
      applyResult(other, { monitor, job: jobFor(monitor, fire + 1000), result: checkResult(false), workerName: 'b' }),
    ]));
    expect(outcomes.filter((o) => o === 'stale').length).toBeGreaterThanOrEqual(25);
    const alerts = await outboxEntries(ctx);
    expect(alerts.filter((a) => a.type === 'down').length).toBe(25);
    expect(new Set(alerts.map((a) => a.monitorId)).size).toBe(25);
    expect(await redis.scard(ctx.keys.indexByStatus('down'))).toBe(25);
  });
});

describe('readers', () => {
  it('reports a malformed state as an error for that monitor only, and counts statuses', async () => {
    const ctx = resultsContext(redis);
    const good = tcpMonitor();
    const bad = tcpMonitor();
    await seedState(ctx, good);
    await seedState(ctx, bad);
    await applySequence(ctx, good, 'F', Date.now());
    await redis.hset(ctx.keys.state(bad.id), 'status', 'sideways', 'consecutiveFailures', 'many');
    await redis.sadd(ctx.keys.indexPaused, bad.id);
    const [a, b, c] = await getStates(ctx, [good.id, bad.id, 'nope']);
    expect(a.state?.status).toBe('down');
    expect(b.state).toBeUndefined();
    expect(b.error).toMatch(/status/);
    expect(b.error).toMatch(/consecutiveFailures/);
    expect(c.error).toMatch(/no state/);
    expect(await statusCounts(ctx)).toEqual({ pending: 1, up: 0, down: 1, paused: 1 });
  });
});
