import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILOVER_SCENARIO_TIMEOUT_MS, runFailoverScenario, stopScenarioDaemons } from './support/failover-scenario';
import { startSentinels, type TestSentinels } from './support/redis-sentinel';
import type { TestRedis } from './support/redis-server';

// A primary that freezes (SIGSTOP: a stalled host, its connections open, nothing answered) instead of
// dying: the sentinels promote the replica, and every process must leave the frozen server by itself.
let sentinels: TestSentinels;
let frozen: TestRedis | undefined;

beforeAll(async () => {
  sentinels = await startSentinels({ password: 'data-password', sentinelPassword: 'sentinel-password' });
});
afterAll(async () => {
  await stopScenarioDaemons();
  frozen?.resume();
  await sentinels?.stop();
});

describe('Redis Sentinel failover from a frozen primary', () => {
  it('moves every process to the promoted replica and loses no alert', async () => {
    const old = await sentinels.primary();
    const report = await runFailoverScenario(sentinels.env, async () => {
      frozen = old;
      old.pause();
    }).catch((error) => {
      console.error(sentinels.logs());
      throw error;
    });
    console.log(`[sentinel, frozen primary] jobs flow again ${report.jobsFlowAgainMs} ms after the primary froze; the UI answered again after ${report.uiBackMs} ms; `
      + `alerts: ${report.alertsExpected} expected, ${report.alertsLost} lost, ${report.alertsDuplicated} duplicated`);
    expect((await sentinels.primary()).port).not.toBe(old.port);
    expect(report.jobsFlowAgainMs).toBeLessThan(30_000);
    expect(report.daemonsRunning).toBe(true);
    expect(report.workersDoneAfter.every((done) => done > 0)).toBe(true);
    expect(report.controllerDispatchedAfter).toBeGreaterThan(0);
    expect(report.alertsLost).toBe(0);
    expect(report.uiLast).toMatchObject({ redis: 'up', workers: 2, controllers: 1 });
  }, FAILOVER_SCENARIO_TIMEOUT_MS + 30_000);
});
