import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILOVER_SCENARIO_TIMEOUT_MS, runFailoverScenario, stopScenarioDaemons } from './support/failover-scenario';
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
    console.log(`[sentinel] jobs flow again ${report.jobsFlowAgainMs} ms after the primary was killed; the UI answered again after ${report.uiBackMs} ms (${report.uiFailedReads} reads failed meanwhile); `
      + `alerts: ${report.alertsExpected} expected, ${report.alertsLost} lost, ${report.alertsDuplicated} duplicated`);
    expect((await sentinels.primary()).port).not.toBe(old.port);
    expect(report.jobsFlowAgainMs).toBeLessThan(30_000); // target 10 s; generous for a loaded machine
    expect(report.daemonsRunning).toBe(true);
    expect(report.workersDoneAfter.every((done) => done > 0)).toBe(true);
    expect(report.controllerDispatchedAfter).toBeGreaterThan(0);
    expect(report.kept).toEqual({ monitors: 6, channel: true, password: true, session: true });
    expect(report.alertsLost).toBe(0);
    expect(report.alertsDuplicated).toBeLessThanOrEqual(6);
    expect(report.uiBackMs).toBeLessThan(30_000);
    expect(report.uiLast).toMatchObject({ redis: 'up', workers: 2, controllers: 1 });
  }, FAILOVER_SCENARIO_TIMEOUT_MS + 30_000);
});
