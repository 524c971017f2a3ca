import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { startRedis, type TestRedis } from './redis-server';

/** A redis-server of the test file's own: started before its tests, stopped after them. */
export function redisServerPerFile(onStart: (client: Redis, server: TestRedis) => void): void {
  let server: TestRedis | undefined;
  beforeAll(async () => {
    server = await startRedis();
    onStart(server.client(), server);
  });
  afterAll(async () => server?.stop());
}
