import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { scriptTables } from './define';
import { loadLua } from './load';

const all = scriptTables.flatMap((table) => Object.entries(table));

describe('the Lua scripts', () => {
  let redis: TestRedis;
  beforeAll(async () => { redis = await startRedis(); });
  afterAll(async () => { await redis?.stop(); });

  it.each(all)('%s has a header naming each of its keys, and Redis compiles it', async (_name, spec) => {
    const lua = loadLua(spec.file);
    expect(lua.startsWith('-- ')).toBe(true);
    const keysNamed = new Set([...lua.matchAll(/^-- KEYS\[(\d+)\] \S/gm)].map((m) => Number(m[1])));
    expect([...keysNamed].sort((a, b) => a - b)).toEqual(Array.from({ length: spec.keys }, (_, i) => i + 1));
    expect(lua).not.toMatch(/^-- include:/m);
    await expect(redis.client().script('LOAD', lua)).resolves.toMatch(/^[0-9a-f]{40}$/);
  });

  it('runs a script with a shared piece included, and again after Redis forgot its scripts', async () => {
    const client = redis.client();
    const first = await client.imalertTakeToken('bucket:test', 1, 3);
    await client.script('FLUSH');
    const second = await client.imalertTakeToken('bucket:test', 1, 3);
    expect(first).toEqual([1, 2]);
    expect(second).toEqual([1, 1]);
  });
});
