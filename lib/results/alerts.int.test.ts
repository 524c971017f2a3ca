import { describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { redisServerPerFile } from '../../test/support/redis-per-file';
import { applyResult } from './apply';
import { getStates } from './read';
import { applySequence, checkResult, jobFor, outboxEntries, remindMonitor, resultsContext, seedState, tcpMonitor } from '../../test/fixtures/results';

// The alert rules of issue 4 §1 as the result script applies them. ALERT_RENOTIFY_UNIT_SECONDS is 1
// here (resultsContext), so renotifyMinutes: 1 means every second, on the real clock.
let redis: Redis;
redisServerPerFile((client) => {
  redis = client;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const typesOf = async (ctx: ReturnType<typeof resultsContext>) => (await outboxEntries(ctx)).map((a) => a.type);

describe('renotify', () => {
  it('repeats the DOWN at the interval while down, then sends RESOLVED', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor({ renotifyMinutes: 1, channelIds: ['ops', 'dba'] });
    await seedState(ctx, monitor);
    const start = Date.now();
    let fire = await applySequence(ctx, monitor, 'FF', start);
    expect(await typesOf(ctx)).toEqual(['down']);
    await sleep(1100);
    fire = await applySequence(ctx, monitor, 'FF', fire);
    expect(await typesOf(ctx)).toEqual(['down', 'renotify']);
    await sleep(1100);
    fire = await applySequence(ctx, monitor, 'F', fire);
    await applySequence(ctx, monitor, 'S', fire);
    const alerts = await outboxEntries(ctx);
    expect(alerts.map((a) => a.type)).toEqual(['down', 'renotify', 'renotify', 'resolved']);
    expect(alerts.every((a) => a.since === String(start) && a.channelIds === '["ops","dba"]')).toBe(true);
    expect(new Set(alerts.map((a) => a.alertId)).size).toBe(4);
    expect(Number(alerts[1].at) - Number(alerts[0].at)).toBeGreaterThanOrEqual(1000);
  });

  it('renotifyMinutes 0 never repeats', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor({ renotifyMinutes: 0 });
    await seedState(ctx, monitor);
    const fire = await applySequence(ctx, monitor, 'F', Date.now());
    await sleep(1100);
    await applySequence(ctx, monitor, 'FF', fire);
    expect(await typesOf(ctx)).toEqual(['down']);
  });
});

describe('mute', () => {
  it('suppresses the DOWN while muted, then sends one DOWN with the first result after the mute', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor({ mutedUntil: Date.now() + 1000, renotifyMinutes: 0 });
    await seedState(ctx, monitor);
    const start = Date.now();
    let fire = await applySequence(ctx, monitor, 'FF', start);
    const [{ state }] = await getStates(ctx, [monitor.id]);
    expect(state).toMatchObject({ status: 'down', downAlerted: false, downSince: start });
    expect(await outboxEntries(ctx)).toEqual([]);
    await sleep(1100);
    fire = await applySequence(ctx, monitor, 'FF', fire);
    const alerts = await outboxEntries(ctx);
    expect(alerts.map((a) => a.type)).toEqual(['down']);
    expect(alerts[0].since).toBe(String(start));
    await applySequence(ctx, monitor, 'S', fire);
    expect(await typesOf(ctx)).toEqual(['down', 'resolved']);
  });

  it('an outage that begins and ends inside the mute sends nothing', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor({ mutedUntil: Date.now() + 60_000 });
    await seedState(ctx, monitor);
    await applySequence(ctx, monitor, 'FFSF S', Date.now());
    expect(await outboxEntries(ctx)).toEqual([]);
    expect((await getStates(ctx, [monitor.id]))[0].state?.status).toBe('up');
  });

  it('a RESOLVED still goes out during a mute when its DOWN was sent', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor();
    await seedState(ctx, monitor);
    const fire = await applySequence(ctx, monitor, 'F', Date.now());
    await applySequence(ctx, { ...monitor, mutedUntil: Date.now() + 60_000 }, 'FS', fire);
    expect(await typesOf(ctx)).toEqual(['down', 'resolved']);
  });
});

describe('Remind Me', () => {
  it('sends its message on every run and is up', async () => {
    const ctx = resultsContext(redis);
    const monitor = remindMonitor();
    await seedState(ctx, monitor);
    let fire = Date.now();
    for (let i = 0; i < 3; i += 1) {
      const result = { ok: true, durationMs: 0, message: 'Rotate the logs', details: { reminder: true } };
      expect(await applyResult(ctx, { monitor, job: jobFor(monitor, fire), result, workerName: 'w1' })).toBe('applied');
      fire += 60_000;
    }
    const alerts = await outboxEntries(ctx);
    expect(alerts.map((a) => a.type)).toEqual(['reminder', 'reminder', 'reminder']);
    expect(alerts[0]).toMatchObject({ message: 'Rotate the logs', kind: 'remind', monitorName: monitor.name, since: '', downForMs: '' });
    expect((await getStates(ctx, [monitor.id]))[0].state?.status).toBe('up');
  });

  it('a muted reminder is skipped', async () => {
    const ctx = resultsContext(redis);
    const monitor = remindMonitor({ mutedUntil: Date.now() + 60_000 });
    await seedState(ctx, monitor);
    await applyResult(ctx, { monitor, job: jobFor(monitor, Date.now()), result: checkResult(true), workerName: 'w1' });
    expect(await outboxEntries(ctx)).toEqual([]);
  });
  it('a reminder that is up tells no one while muted or paused, and reminds again once the mute has passed', async () => {
    const ctx = resultsContext(redis);
    const base = remindMonitor();
    await seedState(ctx, base);
    let fire = Date.now();
    const run = async (monitor: typeof base) => {
      expect(await applyResult(ctx, { monitor, job: jobFor(monitor, fire), result: checkResult(true), workerName: 'w1' })).toBe('applied');
      fire += 60_000;
    };
    await run(base);
    await run({ ...base, mutedUntil: Date.now() + 60_000 });
    await run({ ...base, enabled: false });
    await run({ ...base, mutedUntil: Date.now() - 1_000 });
    expect((await outboxEntries(ctx)).map((a) => a.type)).toEqual(['reminder', 'reminder']);
    expect((await getStates(ctx, [base.id]))[0].state).toMatchObject({ status: 'up', consecutiveSuccesses: 4 });
  });
});

describe('text Lua cannot decode', () => {
  it('a lone UTF-16 surrogate in a name, a message or details is stored and alerted as U+FFFD, not a failed batch', async () => {
    const ctx = resultsContext(redis);
    const monitor = tcpMonitor({ name: 'db \ud800 primary' });
    await seedState(ctx, monitor);
    const result = { ok: false, durationMs: 7, message: 'refused \udc00', details: { excerpt: 'cut \ud83d' } };
    expect(await applyResult(ctx, { monitor, job: jobFor(monitor, Date.now()), result, workerName: 'w1' })).toBe('applied');
    const [down] = await outboxEntries(ctx);
    expect(down).toMatchObject({ type: 'down', monitorName: 'db \ufffd primary', message: 'refused \ufffd' });
    const [{ state }] = await getStates(ctx, [monitor.id]);
    expect(state).toMatchObject({ status: 'down', lastMessage: 'refused \ufffd', lastDetails: { excerpt: 'cut \ufffd' } });
  });
});
