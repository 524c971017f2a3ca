import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFailoverSurvived, FAILOVER_SCENARIO_TIMEOUT_MS, runFailoverScenario, stopScenarioDaemons } from './support/failover-scenario';
import { startSentinels, type TestSentinels } from './support/redis-sentinel';

// imalert on a primary and its replica behind three sentinels: the primary is SIGKILLed while
// alerts are on their way, a sentinel promotes the replica, and every process carries on by itself.
let sentinels: TestSentinels;

beforeAll(async () => {
  sentinels = await startSentinels({ password: 'data-password', sentinelPassword: 'sentinel-password' });
});
afterAll(async () => {
  await stopScenarioDaemons();
  await sentinels?.stop();
});

describe('Redis Sentinel failover', () => {
  it('keeps the controller, both workers and the UI working, loses no alert and no record, and duplicates at most one alert per monitor', async () => {
    const old = await sentinels.primary();
    const report = await runFailoverScenario(sentinels.env, () => old.kill()).catch((error) => {
      console.error(sentinels.logs());
      throw error;
    });
    expectFailoverSurvived(report, 'sentinel');
    expect((await sentinels.primary()).port).not.toBe(old.port);
  }, FAILOVER_SCENARIO_TIMEOUT_MS + 30_000);
});
