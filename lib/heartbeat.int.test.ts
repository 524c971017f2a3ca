import { describe, expect, it, vi } from 'vitest';
import type { Redis } from 'ioredis';
import { redisServerPerFile } from '../test/support/redis-per-file';
import { liveProcesses, startHeartbeat } from './heartbeat';
import { createKeys } from './store/keys';

let redis: Redis;
redisServerPerFile((client) => {
  redis = client;
});

const redisNow = async () => {
  const [s, us] = await redis.time();
  return Number(s) * 1000 + Math.floor(Number(us) / 1000);
};

describe('heartbeats', () => {
  it('a process whose host clock runs an hour behind still counts as alive, until its key expires', async () => {
    const keys = createKeys('hb-skew');
    const realNow = Date.now();
    const behind = vi.spyOn(Date, 'now').mockReturnValue(realNow - 3_600_000);
    const heartbeat = startHeartbeat({ redis, keys, role: 'worker', name: 'slow-clock', periodMs: 200 });
    try {
      await heartbeat.beat();
    } finally {
      behind.mockRestore();
    }
    expect((await liveProcesses(redis, keys, 'worker')).map((p) => p.name)).toEqual(['slow-clock']);
    const expiry = Number(await redis.zscore(keys.heartbeats('worker'), 'slow-clock'));
    expect(Math.abs(expiry - ((await redisNow()) + 600))).toBeLessThan(300); // three periods on Redis's clock
    await heartbeat.stop();
    expect(await liveProcesses(redis, keys, 'worker')).toEqual([]);
  });

  it('a long-dead process is dropped from the list by the next beat; a killed one is not alive once its key expires', async () => {
    const keys = createKeys('hb-prune');
    await redis.zadd(keys.heartbeats('controller'), (await redisNow()) - 2 * 3_600_000, 'crashed-long-ago');
    const heartbeat = startHeartbeat({ redis, keys, role: 'controller', name: 'short', periodMs: 100 });
    await heartbeat.beat();
    expect(await redis.zrange(keys.heartbeats('controller'), 0, -1)).toEqual(['short']);
    await heartbeat.stop();
    // A SIGKILLed process: its member is still listed as alive, but its key has run out.
    await redis.set(keys.heartbeat('controller', 'killed'), '{}', 'PX', 1);
    await redis.zadd(keys.heartbeats('controller'), (await redisNow()) + 60_000, 'killed');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await liveProcesses(redis, keys, 'controller')).toEqual([]);
  });
});
