import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILOVER_SCENARIO_TIMEOUT_MS, runFailoverScenario, stopScenarioDaemons } from './support/failover-scenario';
import { startRedisCluster, type TestRedisCluster } from './support/targets/redis-cluster';

// The primary of imalert's hash tag freezes (SIGSTOP: connections open, nothing answered) instead of
// dying: its replica takes the slot over, and every process must leave the frozen node by itself.
const PASSWORD = 'cluster-password';
let cluster: TestRedisCluster;
let frozen: number | undefined;

beforeAll(async () => {
  cluster = await startRedisCluster(3, { replicas: 1, password: PASSWORD });
});
afterAll(async () => {
  await stopScenarioDaemons();
  if (frozen !== undefined) cluster?.thaw(frozen);
  await cluster?.stop();
});

async function primaryOf(key: string, askIndex: number): Promise<number> {
  const slot = Number(await cluster.call(askIndex, 'CLUSTER', 'KEYSLOT', key));
  const ranges = (await cluster.call(askIndex, 'CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
  const range = ranges.find(([from, to]) => from <= slot && slot <= to);
  if (!range) throw new Error(`no node serves slot ${slot}`);
  return cluster.ports.indexOf(Number(range[2][1]));
}

describe('Redis Cluster failover from a frozen primary', () => {
  it('moves every process to the promoted replica and loses no alert', async () => {
    const env = { REDIS_CLUSTER_NODES: cluster.ports.map((port) => `127.0.0.1:${port}`).join(','), REDIS_PASSWORD: PASSWORD };
    const old = await primaryOf('{ha}', 0);
    const report = await runFailoverScenario(env, async () => {
      frozen = old;
      cluster.freeze(old);
    }).catch((error) => {
      console.error(cluster.ports.map((port, i) => `--- node ${port}\n${cluster.log(i)}`).join('\n'));
      throw error;
    });
    console.log(`[cluster, frozen primary] jobs flow again ${report.jobsFlowAgainMs} ms after the primary froze; the UI answered again after ${report.uiBackMs} ms; `
      + `alerts: ${report.alertsExpected} expected, ${report.alertsLost} lost, ${report.alertsDuplicated} duplicated`);
    expect(await primaryOf('{ha}', (old + 1) % cluster.ports.length)).not.toBe(old);
    expect(report.jobsFlowAgainMs).toBeLessThan(30_000);
    expect(report.daemonsRunning).toBe(true);
    expect(report.workersDoneAfter.every((done) => done > 0)).toBe(true);
    expect(report.controllerDispatchedAfter).toBeGreaterThan(0);
    expect(report.alertsLost).toBe(0);
    expect(report.uiLast).toMatchObject({ redis: 'up', workers: 2, controllers: 1 });
  }, FAILOVER_SCENARIO_TIMEOUT_MS + 30_000);
});
