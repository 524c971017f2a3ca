import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { UserError } from '../errors';
import { createRedis } from '../redis';
import { createKeys } from '../store/keys';
import { runNow } from './run-now';

let server: TestRedis;
let redis: Redis;
const keys = createKeys('run-now');

beforeAll(async () => {
  server = await startRedis();
  redis = server.client();
});
afterAll(async () => server?.stop());

describe('runNow', () => {
  it('adds a manual job at Redis time and raises lastDispatched, leaving the schedule alone', async () => {
    await redis.set(keys.monitor('m1'), '{}');
    await redis.zadd(keys.schedule, 5, 'm1');
    const [seconds] = await redis.time();
    const job = await runNow({ redis, keys }, 'm1');
    expect(job.fireTime).toBeGreaterThanOrEqual(Number(seconds) * 1000);
    const [[streamId, fields]] = await redis.xrange(keys.jobs, '-', '+');
    expect(streamId).toBe(job.streamId);
    expect(fields).toEqual(['monitorId', 'm1', 'fireTime', String(job.fireTime), 'dispatchId', job.dispatchId, 'trigger', 'manual']);
    expect(Number(streamId.split('-')[0])).toBeGreaterThanOrEqual(job.fireTime);
    expect(await redis.hget(keys.lastDispatched, 'm1')).toBe(String(job.fireTime));
    expect(await redis.zscore(keys.schedule, 'm1')).toBe('5');
    const second = await runNow({ redis, keys }, 'm1');
    expect(second.dispatchId).not.toBe(job.dispatchId);
  });

  it('refuses a monitor that does not exist, with a message for the user', async () => {
    await expect(runNow({ redis, keys }, 'nope')).rejects.toThrow(UserError);
    await expect(runNow({ redis, keys }, 'nope')).rejects.toThrow('This monitor no longer exists.');
  });

  it('refuses a Did It Run (its pings are its runs), and queues nothing', async () => {
    await redis.set(keys.monitor('hb1'), JSON.stringify({ kind: 'heartbeat', graceSeconds: 60 }));
    const before = await redis.xlen(keys.jobs);
    await expect(runNow({ redis, keys }, 'hb1')).rejects.toThrow(UserError);
    await expect(runNow({ redis, keys }, 'hb1')).rejects.toThrow(/nothing to run now: its job's pings bring it up/);
    expect(await redis.xlen(keys.jobs)).toBe(before);
    expect(await redis.hget(keys.lastDispatched, 'hb1')).toBeNull();
  });

  it("works on the UI's fresh auto-pipelined client, sharing a pipeline with another command", async () => {
    await redis.set(keys.monitor('m2'), '{}');
    const ui = createRedis(server.url, 'ui');
    try {
      // The session check's GET and run-now leave in the same auto-pipeline, as in a server action.
      const [, job] = await Promise.all([ui.get(keys.monitor('m2')), runNow({ redis: ui, keys }, 'm2')]);
      expect(await redis.hget(keys.lastDispatched, 'm2')).toBe(String(job.fireTime));
    } finally {
      ui.disconnect();
    }
  });
});
