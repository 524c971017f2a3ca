import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../test/support/redis-server';
import { waitFor } from '../test/support/ports';
import { exited, startTsProcess } from '../test/support/processes';

let redis: TestRedis;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

const count = (text: string, needle: string) => text.split(needle).length - 1;

it('a UI connection logs one line when Redis goes away and one when it is back, per outage, no unhandled errors', async () => {
  const client = await startTsProcess('test/support/ui-redis-client-process.ts', { REDIS_URL: redis.url, LOG_LEVEL: 'info' }, 'ready');
  try {
    for (let outage = 1; outage <= 2; outage += 1) {
      await redis.kill();
      // Long enough for ioredis to retry (and fail) many times.
      await new Promise((r) => setTimeout(r, 3000));
      await redis.restart();
      await waitFor(() => count(client.output(), 'answering again') === outage, 20_000, 100, `reconnected after outage ${outage}`);
    }
    const output = client.output();
    expect(count(output, '[ioredis] Unhandled error event')).toBe(0);
    expect(count(output, 'Redis connection lost')).toBe(2);
    expect(count(output, 'Redis connection is back')).toBe(2);
  } finally {
    client.kill('SIGTERM');
    await exited(client);
  }
});
