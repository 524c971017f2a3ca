import { beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { redisServerPerFile } from '../../test/support/redis-per-file';
import { createKeys, JOBS_GROUP, type KeyBuilder } from '../store/keys';
import { claimFromDeadConsumers, claimIdle, claimOwnLeftovers, pendingOf, renewEntries } from './claim';
import { finishJobs, lockHolder, lockOwner, readNewJobs } from './consume';
import { prepareJobs } from './prepare';
import { buryJob, countDeadLetters, discardDeadLetter, listDeadLetters, recordDeliveryError, redriveDeadLetter } from './dead-letters';
import { ensureJobsGroup } from './group';
import type { HeldJob } from './job';
import { trimJobs } from './trim';

let redis: Redis;
let keys: KeyBuilder;
let n = 0;

redisServerPerFile((client) => (redis = client));
beforeEach(async () => {
  keys = createKeys(`wq${(n += 1)}`);
  await ensureJobsGroup(redis, keys);
});

const addJob = (monitorId: string, fireTime: number, trigger = 'schedule') =>
  redis.xadd(keys.jobs, '*', 'monitorId', monitorId, 'fireTime', String(fireTime), 'dispatchId', `d-${monitorId}-${fireTime}`, 'trigger', trigger) as Promise<string>;
const read = async (consumer: string, count = 100) => (await readNewJobs(redis, keys, consumer, count, 10)).jobs;
const pendingCount = async () => Number(((await redis.xpending(keys.jobs, JOBS_GROUP)) as [number])[0]);

describe('prepareJobs and finishJobs', () => {
  it('runs, skips a schedule job whose later fire was dispatched, waits on a lock held by another job', async () => {
    await redis.set(keys.monitor('a'), '{}');
    await redis.set(keys.monitor('b'), '{}');
    await redis.hset(keys.lastDispatched, 'a', '2000', 'b', '2000');
    await addJob('a', 1000, 'schedule'); // stale
    await addJob('a', 1000, 'manual'); // manual always runs
    await addJob('b', 2000); // runs, takes b's lock
    await addJob('b', 2000, 'manual'); // b is locked by the job before it
    await addJob('gone', 1);
    const jobs = await read('w1');
    const ready = await prepareJobs(redis, keys, 'w1', jobs, 10_000);
    expect(ready.map((r) => r.state)).toEqual(['stale', 'run', 'run', 'locked', 'gone']);
    expect(await lockHolder(redis, keys, 'b')).toBe(lockOwner('w1', jobs[2].id));
    // The record is read after the lock is taken: a deleted monitor's job holds its lock until acked.
    expect(await lockHolder(redis, keys, 'gone')).toBe(lockOwner('w1', jobs[4].id));
    await finishJobs(redis, keys, 'w1', [{ job: jobs[2], locked: true }, { job: jobs[3], locked: true }, { job: jobs[4], locked: true }]);
    expect(await lockHolder(redis, keys, 'b')).toBeNull();
    expect(await redis.hexists(keys.locks, 'b')).toBe(0);
    expect(await redis.hexists(keys.locks, 'gone')).toBe(0);
    expect(await pendingCount()).toBe(2);
  });

  it('lets a redelivery of the same entry take over its lock, and frees only its own lock', async () => {
    await redis.set(keys.monitor('a'), '{}');
    await addJob('a', 1000);
    const [job] = await read('dead');
    await prepareJobs(redis, keys, 'dead', [job], 60_000);
    const [again] = await prepareJobs(redis, keys, 'alive', [job], 60_000);
    expect(again.state).toBe('run');
    await finishJobs(redis, keys, 'dead', [{ job, locked: true }]); // a stale owner frees nothing
    expect(await lockHolder(redis, keys, 'a')).toBe(lockOwner('alive', job.id));
    await buryJob(redis, keys, 'dead', job, 'late', true);
    expect(await lockHolder(redis, keys, 'a')).toBe(lockOwner('alive', job.id));
  });

  it('treats a lock past its expiry as free: a worker that died holding it does not block the monitor', async () => {
    await redis.set(keys.monitor('a'), '{}');
    await addJob('a', 1000, 'manual');
    await addJob('a', 2000, 'manual');
    const [first, second] = await read('w1');
    expect((await prepareJobs(redis, keys, 'dead', [first], 60_000))[0].state).toBe('run');
    expect((await prepareJobs(redis, keys, 'alive', [second], 60_000))[0].state).toBe('locked');
    await prepareJobs(redis, keys, 'dead', [first], 1); // the same delivery again, now with a lock that ends at once
    await new Promise((r) => setTimeout(r, 10));
    expect(await lockHolder(redis, keys, 'a')).toBeNull();
    expect((await prepareJobs(redis, keys, 'alive', [second], 60_000))[0].state).toBe('run');
    expect(await lockHolder(redis, keys, 'a')).toBe(lockOwner('alive', second.id));
  });
});

describe('claiming', () => {
  it('takes a dead consumer\'s entries once, counting a delivery; renewing resets idle without one', async () => {
    for (let i = 0; i < 3; i += 1) await addJob(`m${i}`, i);
    await read('dead');
    await new Promise((r) => setTimeout(r, 20));
    // "me" and "other" are alive (heartbeat keys); "dead" has none.
    await redis.set(keys.heartbeat('worker', 'me'), '{}');
    await redis.set(keys.heartbeat('worker', 'other'), '{}');
    const first = await claimFromDeadConsumers(redis, keys, 'me', 100);
    const second = await claimFromDeadConsumers(redis, keys, 'other', 100);
    expect(first.jobs.map((j) => j.deliveries)).toEqual([2, 2, 2]);
    expect(first.from).toEqual(['dead']);
    expect(second.jobs).toEqual([]);
    await new Promise((r) => setTimeout(r, 50));
    // Only entries still ours are renewed: "other" cannot take them by renewing.
    expect(await renewEntries(redis, keys, 'other', first.jobs.map((j) => j.id))).toBe(0);
    expect(await renewEntries(redis, keys, 'me', first.jobs.map((j) => j.id))).toBe(3);
    const rows = await pendingOf(redis, keys, 'me', 10);
    expect(rows.every((r) => r[2] < 50 && r[3] === 2)).toBe(true);
  });

  it('takes at most the limit from a dead consumer, the rest on the next call', async () => {
    for (let i = 0; i < 5; i += 1) await addJob(`m${i}`, i);
    await read('dead');
    const first = await claimFromDeadConsumers(redis, keys, 'me', 3, async () => false);
    expect(first.jobs.map((j) => j.monitorId)).toEqual(['m0', 'm1', 'm2']);
    const rest = await claimFromDeadConsumers(redis, keys, 'me', 10, async () => false);
    expect(rest.jobs.map((j) => j.monitorId)).toEqual(['m3', 'm4']);
  });

  it('leaves a live consumer\'s entries alone and takes back our own from an earlier life', async () => {
    await addJob('m', 1);
    await read('busy');
    await redis.set(keys.heartbeat('worker', 'busy'), '{}');
    expect((await claimFromDeadConsumers(redis, keys, 'me', 100)).jobs).toEqual([]);
    const own = await claimOwnLeftovers(redis, keys, 'busy', 100);
    expect(own.jobs.map((j) => [j.monitorId, j.deliveries])).toEqual([['m', 2]]);
  });

  it('claims entries idle past the visibility timeout with their delivery count', async () => {
    await addJob('m', 1);
    await read('stuck');
    expect((await claimIdle(redis, keys, 'me', 60_000, 10)).jobs).toEqual([]);
    await new Promise((r) => setTimeout(r, 30));
    const claimed = await claimIdle(redis, keys, 'me', 20, 10);
    expect(claimed.jobs.map((j) => [j.monitorId, j.deliveries])).toEqual([['m', 2]]);
  });

  it('counts the deliveries of each idle entry it claims, between entries it already holds, up to the limit', async () => {
    for (let i = 0; i < 6; i += 1) await addJob(`m${i}`, i);
    const jobs = await read('stuck');
    // Idle times and delivery counts set outright (XCLAIM IDLE, RETRYCOUNT): "me" holds every other entry.
    for (const [i, job] of jobs.entries()) {
      if (i % 2 === 0) await redis.call('XCLAIM', keys.jobs, JOBS_GROUP, 'me', 0, job.id, 'RETRYCOUNT', 3);
      else await redis.call('XCLAIM', keys.jobs, JOBS_GROUP, 'stuck', 0, job.id, 'IDLE', 3_600_000, 'RETRYCOUNT', 1);
    }
    const claimed = await claimIdle(redis, keys, 'me', 600_000, 2);
    expect(claimed.jobs.map((j) => [j.monitorId, j.deliveries])).toEqual([['m1', 2], ['m3', 2]]);
    const rest = await claimIdle(redis, keys, 'other', 600_000, 10);
    expect(rest.jobs.map((j) => [j.monitorId, j.deliveries])).toEqual([['m5', 2]]);
  });
});

describe('dead letters', () => {
  it('buries with the last error, lists, redrives as a manual run fired now, discards', async () => {
    await redis.set(keys.monitor('a'), '{}');
    await addJob('a', 1234);
    const [job] = await read('w');
    await prepareJobs(redis, keys, 'w', [job], 60_000);
    await recordDeliveryError(redis, keys, job.id, 'thread crashed');
    await buryJob(redis, keys, 'w', { ...job, deliveries: 3 } as HeldJob, '', true);
    expect(await pendingCount()).toBe(0);
    expect(await redis.hexists(keys.locks, 'a')).toBe(0);
    expect(await redis.hlen(keys.jobErrors)).toBe(0);
    const [dead] = await listDeadLetters({ redis, keys });
    expect(dead).toMatchObject({ jobId: job.id, monitorId: 'a', fireTime: 1234, trigger: 'schedule', deliveries: 3, lastError: 'thread crashed' });
    expect(await countDeadLetters({ redis, keys })).toBe(1);

    const newId = await redriveDeadLetter({ redis, keys }, dead.id);
    expect(newId).toMatch(/^\d+-\d+$/);
    expect(await countDeadLetters({ redis, keys })).toBe(0);
    const [redriven] = await read('w');
    expect(redriven.trigger).toBe('manual');
    expect(redriven.fireTime).toBeGreaterThan(1234);
    expect(await redriveDeadLetter({ redis, keys }, dead.id)).toBeNull();
    expect(await redriveDeadLetter({ redis, keys }, 'not an id')).toBeNull();

    await buryJob(redis, keys, 'w', redriven, 'timed out', false);
    const [second] = await listDeadLetters({ redis, keys });
    await redriveDeadLetter({ redis, keys }, second.id, { as: 'original' });
    const [original] = await read('w');
    expect([original.trigger, original.fireTime]).toEqual(['manual', redriven.fireTime]);
    await buryJob(redis, keys, 'w', original, 'x', false);
    const [third] = await listDeadLetters({ redis, keys });
    expect(await discardDeadLetter({ redis, keys }, third.id)).toBe(true);
    expect(await discardDeadLetter({ redis, keys }, third.id)).toBe(false);
  });
});

describe('trimJobs', () => {
  it('never drops a pending or undelivered entry', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i += 1) ids.push(await addJob(`m${i}`, i));
    const jobs = await read('w', 6); // 0..5 delivered, 6..9 not yet
    await finishJobs(redis, keys, 'w', [0, 1, 3, 4, 5].map((i) => ({ job: jobs[i], locked: false }))); // 2 stays pending
    expect(await trimJobs(redis, keys, { exact: true })).toBe(2); // 0 and 1
    const left = (await redis.xrange(keys.jobs, '-', '+')).map(([id]) => id);
    expect(left).toEqual(ids.slice(2));
    await finishJobs(redis, keys, 'w', [{ job: jobs[2], locked: false }]);
    await trimJobs(redis, keys, { exact: true });
    // Everything up to the last delivered entry may go; that entry and the unread ones stay.
    expect((await redis.xrange(keys.jobs, '-', '+')).map(([id]) => id)).toEqual(ids.slice(5));
  });

  it('does nothing without a stream or before anything was delivered', async () => {
    await redis.del(keys.jobs);
    expect(await trimJobs(redis, createKeys('nothing-here'))).toBe(0);
    await ensureJobsGroup(redis, keys);
    await addJob('m', 1);
    expect(await trimJobs(redis, keys, { exact: true })).toBe(0);
    expect(await redis.xlen(keys.jobs)).toBe(1);
  });
});
