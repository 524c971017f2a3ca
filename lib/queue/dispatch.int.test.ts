import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { redisNow } from '../redis';
import { nextFireTime, parseCron } from '../schedule';
import { createKeys } from '../store/keys';
import { Dispatcher, UNREADABLE_RETRY_MS } from './dispatch';
import { latestFireAtOrBefore } from './fire-times';
import { ensureJobsGroup } from './group';
import { parseJobEntry } from './job';

let server: TestRedis;
let redis: Redis;
let prefixCounter = 0;
let keys = createKeys('d0');

beforeAll(async () => {
  server = await startRedis();
  redis = server.client();
});
afterAll(async () => server?.stop());
beforeEach(() => {
  keys = createKeys(`d${++prefixCounter}`);
});

const record = (id: string, cron: string, timeZone = 'UTC', extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id, v: 2, kind: 'remind', name: id, message: 'hi', cron, timeZone, enabled: true, mutedUntil: null, failureThreshold: 1, successThreshold: 1, renotifyMinutes: 60, channelIds: [], createdAt: 1, updatedAt: 1, ...extra });

async function schedule(id: string, json: string | null, score: number) {
  if (json !== null) await redis.set(keys.monitor(id), json);
  await redis.zadd(keys.schedule, score, id);
}

async function jobs() {
  const entries = await redis.xrange(keys.jobs, '-', '+');
  return entries.map((entry) => {
    const job = parseJobEntry(entry);
    if (!job) throw new Error(`not a job: ${JSON.stringify(entry)}`);
    return { entryMs: Number(entry[0].split('-')[0]), monitorId: job.monitorId, fireTime: job.fireTime, dispatchId: job.dispatchId, trigger: job.trigger };
  });
}

const latest = (cron: string, timeZone: string, now: number) => latestFireAtOrBefore(parseCron(cron), timeZone, now, now - 8 * 86_400_000)!;
const next = (cron: string, timeZone: string, after: number) => nextFireTime(parseCron(cron), timeZone, after);

describe('Dispatcher.dispatchDue', () => {
  it('puts each due monitor on the stream once, not before its fire time, and moves it to its next fire time', async () => {
    const now = await redisNow(redis, keys);
    const aFire = latest('*/5 * * * *', 'UTC', now);
    const bFire = latest('0 11 * * *', 'Europe/Berlin', now);
    await schedule('a', record('a', '*/5 * * * *'), aFire);
    await schedule('b', record('b', '0 11 * * *', 'Europe/Berlin'), bFire);
    await schedule('later', record('later', '*/5 * * * *'), next('*/5 * * * *', 'UTC', now));
    const dispatcher = new Dispatcher(redis, keys);
    const result = await dispatcher.dispatchDue(now, 100);
    expect(result).toMatchObject({ due: 2, dispatched: 2, conflicts: 0, early: 0, unreadable: [], nextScore: Math.min(next('*/5 * * * *', 'UTC', now), next('0 11 * * *', 'Europe/Berlin', now)) });
    const out = await jobs();
    expect(out.map((j) => [j.monitorId, j.fireTime, j.trigger]).sort()).toEqual([['a', aFire, 'schedule'], ['b', bFire, 'schedule']].sort());
    for (const job of out) expect(job.entryMs).toBeGreaterThanOrEqual(job.fireTime);
    expect(new Set(out.map((j) => j.dispatchId)).size).toBe(2);
    expect(Number(await redis.zscore(keys.schedule, 'a'))).toBe(next('*/5 * * * *', 'UTC', now));
    expect(Number(await redis.zscore(keys.schedule, 'b'))).toBe(next('0 11 * * *', 'Europe/Berlin', now));
    expect(await redis.hgetall(keys.lastDispatched)).toEqual({ a: String(aFire), b: String(bFire) });
    // Nothing is due any more: a second pass adds nothing.
    expect((await dispatcher.dispatchDue(now, 100)).dispatched).toBe(0);
    expect((await jobs()).length).toBe(2);
  });

  it('after downtime dispatches once, with the latest missed fire time', async () => {
    const now = await redisNow(redis, keys);
    const fire = latest('*/5 * * * *', 'UTC', now);
    await schedule('a', record('a', '*/5 * * * *'), fire - 3 * 3_600_000);
    await new Dispatcher(redis, keys).dispatchDue(now, 100);
    expect((await jobs()).map((j) => j.fireTime)).toEqual([fire]);
    expect(Number(await redis.zscore(keys.schedule, 'a'))).toBe(next('*/5 * * * *', 'UTC', now));
  });

  it('leaves a monitor alone when its score changed since it was read (another controller won)', async () => {
    const now = await redisNow(redis, keys);
    for (const id of ['a', 'b', 'c']) await schedule(id, record(id, '*/5 * * * *'), latest('*/5 * * * *', 'UTC', now));
    const [first, second] = await Promise.all([new Dispatcher(redis, keys).dispatchDue(now, 100), new Dispatcher(redis, keys).dispatchDue(now, 100)]);
    expect(first.dispatched + second.dispatched).toBe(3);
    expect(first.conflicts + second.conflicts).toBe(3);
    expect((await jobs()).length).toBe(3);
  });

  it('never dispatches before the fire time by Redis\'s clock, even when asked with a clock that runs ahead', async () => {
    const now = await redisNow(redis, keys);
    const upcoming = next('*/5 * * * *', 'UTC', now + 1000);
    await schedule('a', record('a', '*/5 * * * *'), upcoming);
    const dispatcher = new Dispatcher(redis, keys);
    expect((await dispatcher.dispatchDue(upcoming - 1, 100)).due).toBe(0);
    const ahead = await dispatcher.dispatchDue(upcoming + 10, 100);
    expect(ahead).toMatchObject({ due: 1, dispatched: 0, early: 1 });
    expect((await jobs()).length).toBe(0);
    expect(Number(await redis.zscore(keys.schedule, 'a'))).toBe(upcoming);
  });

  it('prepared ahead of a fire time, sends nothing early and dispatches once its wait has passed the fire time', async () => {
    const now = await redisNow(redis, keys);
    const upcoming = next('* * * * * *', 'UTC', now + 2000);
    await schedule('a', record('a', '* * * * * *'), upcoming);
    await schedule('b', record('b', '* * * * * *'), upcoming);
    const dispatcher = new Dispatcher(redis, keys);
    let waits = 0;
    const tooSoon = await dispatcher.dispatchDue(upcoming, 1, 2, async () => void waits++);
    expect(tooSoon).toMatchObject({ due: 2, dispatched: 0, early: 2 });
    expect(waits).toBe(1); // once per call, before the first script
    expect(await redis.exists(keys.jobs)).toBe(0);
    const untilFireTime = async () => {
      waits++;
      while ((await redisNow(redis, keys)) < upcoming) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    expect(await dispatcher.dispatchDue(upcoming, 1, 2, untilFireTime)).toMatchObject({ due: 2, dispatched: 2, early: 0 });
    expect(waits).toBe(2);
    const out = await jobs();
    expect(out.map((j) => [j.monitorId, j.fireTime]).sort()).toEqual([['a', upcoming], ['b', upcoming]]);
    for (const job of out) expect(job.entryMs).toBeGreaterThanOrEqual(upcoming);
  });

  it('writes fire times of 13 and more digits exactly, shared ones and distinct ones, and never lowers lastDispatched', async () => {
    const now = await redisNow(redis, keys);
    const crons = ['*/5 * * * *', '0 * * * *', '*/7 * * * * *'];
    const fires = crons.map((cron) => latest(cron, 'UTC', now));
    for (const fire of fires) expect(String(fire)).toMatch(/^\d{13,}$/);
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const id = `n${i}`;
      ids.push(id);
      await schedule(id, record(id, crons[i % crons.length]), fires[i % crons.length]);
    }
    // A later dispatch already recorded (a manual run) stays; an earlier one is raised.
    await redis.hset(keys.lastDispatched, 'n0', String(fires[0] + 1), 'n1', String(fires[1] - 1));
    expect((await new Dispatcher(redis, keys).dispatchDue(now, 100)).dispatched).toBe(60);
    const entries = await redis.xrange(keys.jobs, '-', '+');
    expect(entries.map(([, fields]) => fields).sort()).toEqual(ids.map((id, i) => ['j', `${id} ${fires[i % crons.length]}`]).sort());
    const last = await redis.hgetall(keys.lastDispatched);
    expect(last.n0).toBe(String(fires[0] + 1));
    expect(last.n1).toBe(String(fires[1]));
    expect(last.n2).toBe(String(fires[2]));
  });

  it('reports an unreadable record and moves it forward instead of retrying it every tick', async () => {
    const now = await redisNow(redis, keys);
    await schedule('bad', '{not json', now - 10);
    await schedule('badcron', record('badcron', 'every day'), now - 10);
    const result = await new Dispatcher(redis, keys).dispatchDue(now, 100);
    expect(result.dispatched).toBe(0);
    expect(result.unreadable.map((u) => [u.id, u.error])).toEqual([
      ['bad', 'not valid JSON'],
      ['badcron', expect.stringContaining('cron:')],
    ]);
    expect(Number(await redis.zscore(keys.schedule, 'bad'))).toBe(now + UNREADABLE_RETRY_MS);
    expect(await redis.exists(keys.jobs)).toBe(0);
  });

  it('drops paused monitors and monitors whose record is gone from the schedule', async () => {
    const now = await redisNow(redis, keys);
    await schedule('paused', record('paused', '*/5 * * * *', 'UTC', { enabled: false }), now - 5);
    await schedule('gone', null, now - 5);
    await new Dispatcher(redis, keys).dispatchDue(now, 100);
    expect(await redis.zcard(keys.schedule)).toBe(0);
    expect(await redis.exists(keys.jobs)).toBe(0);
  });

  it('works in batches: the limit caps one call, several batches can go in one call', async () => {
    const now = await redisNow(redis, keys);
    for (let i = 0; i < 25; i++) await schedule(`m${i}`, record(`m${i}`, '*/5 * * * *'), latest('*/5 * * * *', 'UTC', now));
    const dispatcher = new Dispatcher(redis, keys);
    expect((await dispatcher.dispatchDue(now, 10)).dispatched).toBe(10);
    expect((await dispatcher.dispatchDue(now, 5, 2)).dispatched).toBe(10);
    expect((await dispatcher.dispatchDue(now, 10)).dispatched).toBe(5);
    expect(await dispatcher.nextDueScore()).toBe(next('*/5 * * * *', 'UTC', now));
    expect((await jobs()).length).toBe(25);
  });

  it('puts each job of a large batch in a stream entry of its own, each monitor once', async () => {
    const now = await redisNow(redis, keys);
    const count = 1203;
    const pipeline = redis.pipeline();
    for (let i = 0; i < count; i++) pipeline.set(keys.monitor(`p${i}`), record(`p${i}`, '*/5 * * * *')).zadd(keys.schedule, latest('*/5 * * * *', 'UTC', now), `p${i}`);
    await pipeline.exec();
    expect((await new Dispatcher(redis, keys).dispatchDue(now, 1000, 2)).dispatched).toBe(count);
    expect(await redis.xlen(keys.jobs)).toBe(count);
    const dispatched = await jobs();
    expect(new Set(dispatched.map((job) => job.monitorId)).size).toBe(count);
    expect(dispatched.every((job) => job.fireTime === latest('*/5 * * * *', 'UTC', now) && job.trigger === 'schedule')).toBe(true);
  });
});

describe('ensureJobsGroup', () => {
  it('creates the stream and group once; calling it again is fine', async () => {
    await ensureJobsGroup(redis, keys);
    await ensureJobsGroup(redis, keys);
    const groups = (await redis.xinfo('GROUPS', keys.jobs)) as unknown[][];
    expect(groups.map((g) => g[1])).toEqual(['workers']);
  });
});
