import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { runScript } from './script';

let server: TestRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startRedis();
  redis = server.client();
});
afterAll(async () => server?.stop());

const ECHO = 'local out = {} for i = 1, #ARGV do out[i] = ARGV[i] end for i = 1, #KEYS do out[#out + 1] = KEYS[i] end return out';

describe('runScript', () => {
  it('sends every argument byte for byte, whatever its characters', async () => {
    // é is one byte per character in V8 but two in UTF-8: the case a length by characters gets wrong.
    const args = ['plain', '', 'café', 'naïve ünïcödé', '日本語', '😀 emoji', 'a\r\nb', '$3\r\nfoo', 'x'.repeat(70_000)];
    expect(await runScript(redis, ECHO, ['{t}k'], args)).toEqual([...args, '{t}k']);
  });

  it('sends a batch of thousands of arguments in one call, and again after the script cache was flushed', async () => {
    const args = Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? `ü${i}` : `arg${i}`));
    expect(await runScript(redis, ECHO, [], args)).toEqual(args);
    await redis.script('FLUSH');
    expect(await runScript(redis, ECHO, [], args.slice(0, 10))).toEqual(args.slice(0, 10));
  });
});
