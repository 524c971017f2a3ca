import { beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { redisServerPerFile } from '../../test/support/redis-per-file';
import { createContext, type AppContext } from '../context';
import { loadConfig } from '../config';
import { readNewJobs } from './consume';
import { ensureJobsGroup } from './group';
import { prepareJobs, type KnownRecord } from './prepare';

// A worker reads a monitor's record only when its own parsed copy is not of the record's current
// write: saved through the store, every write gets a new number.
let redis: Redis;
let ctx: AppContext;
let n = 0;

redisServerPerFile((client) => (redis = client));
beforeEach(async () => {
  const config = loadConfig({ IMALERT_KEY_PREFIX: `pr${(n += 1)}`, IMALERT_SECRET_KEY: 'p'.repeat(43) + '=' } as unknown as NodeJS.ProcessEnv);
  ctx = createContext('daemon', config, redis);
  await ensureJobsGroup(redis, ctx.keys);
});

const input = (name: string) => ({ kind: 'remind', name, cron: '0 * * * *', message: 'hi' });

async function prepareOne(monitorId: string, copies: Map<string, KnownRecord>) {
  await redis.xadd(ctx.keys.jobs, '*', 'monitorId', monitorId, 'fireTime', String(Date.now()), 'dispatchId', `d${n}`, 'trigger', 'manual');
  const { jobs } = await readNewJobs(redis, ctx.keys, 'w1', 10, 10);
  const [ready] = await prepareJobs(redis, ctx.keys, 'w1', jobs, 60_000, (id) => copies.get(id));
  await redis.hdel(ctx.keys.locks, monitorId);
  return ready;
}

describe('prepareJobs with the worker\'s copies of records', () => {
  it('hands back the copy while it is current, the record once it was edited, and gone once deleted', async () => {
    const monitor = await ctx.monitors.create(input('versioned'));
    const copies = new Map<string, KnownRecord>();
    const first = await prepareOne(monitor.id, copies);
    expect(first).toMatchObject({ state: 'run', json: expect.stringContaining('"versioned"'), version: expect.stringMatching(/^\d+$/) });
    const copy = { version: (first as { version: string }).version };
    copies.set(monitor.id, copy);
    expect(await prepareOne(monitor.id, copies)).toEqual({ state: 'run', known: copy });

    await ctx.monitors.update(monitor.id, input('renamed'));
    const edited = await prepareOne(monitor.id, copies);
    expect(edited).toMatchObject({ state: 'run', json: expect.stringContaining('"renamed"') });
    expect(Number((edited as { version: string }).version)).toBeGreaterThan(Number(copy.version));

    await ctx.monitors.remove(monitor.id);
    expect(await prepareOne(monitor.id, copies)).toEqual({ state: 'gone' });
    expect(await redis.hexists(ctx.keys.monitorVersions, monitor.id)).toBe(0);
  });
});
