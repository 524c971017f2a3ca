import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../test/support/redis-server';
import { isRedisUnavailable } from './errors';
import { createRedis } from './redis';

/** What the UI's client throws when its Redis is frozen or gone is classed as "Redis is not reachable". */
describe('isRedisUnavailable on real ioredis failures', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('recognises the command timeout of a frozen server and the refusal of a stopped one', async () => {
    const client = createRedis(redis.url, 'ui');
    client.on('error', () => undefined); // reconnect noise while the server is away; the command's error is asserted
    expect(await client.ping()).toBe('PONG');

    process.kill(redis.pid(), 'SIGSTOP');
    let frozen: unknown;
    try {
      frozen = await client.get('anything').catch((error: unknown) => error);
    } finally {
      process.kill(redis.pid(), 'SIGCONT');
    }
    expect(frozen).toBeInstanceOf(Error);
    expect(isRedisUnavailable(frozen)).toBe(true);

    await redis.stop();
    const gone = await client.get('anything').catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(Error);
    expect(isRedisUnavailable(gone)).toBe(true);
    client.disconnect();
  }, 30_000);
});
