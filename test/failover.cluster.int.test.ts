import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILOVER_SCENARIO_TIMEOUT_MS, runFailoverScenario, stopScenarioDaemons } from './support/failover-scenario';
import { startRedisCluster, type TestRedisCluster } from './support/targets/redis-cluster';

// imalert on a 3-primary / 3-replica Redis Cluster: the primary holding the slot of imalert's hash
// tag is SIGKILLed while alerts are on their way, its replica takes the slot over, and every
// process carries on by itself.
const PASSWORD = 'cluster-password';
let cluster: TestRedisCluster;

beforeAll(async () => {
  cluster = await startRedisCluster(3, { replicas: 1, password: PASSWORD });
});
afterAll(async () => {
  await stopScenarioDaemons();
  await cluster?.stop();
});

/** The node (by index) that serves a key's slot as primary now, as the cluster itself says. */
async function primaryOf(key: string, askIndex = 0): Promise<number> {
  const slot = Number(await cluster.call(askIndex, 'CLUSTER', 'KEYSLOT', key));
  const ranges = (await cluster.call(askIndex, 'CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
  const range = ranges.find(([from, to]) => from <= slot && slot <= to);
  if (!range) throw new Error(`no node serves slot ${slot}`);
  return cluster.ports.indexOf(Number(range[2][1]));
}

describe('Redis Cluster failover', () => {
  it("keeps the controller, both workers and the UI working when the hash tag's primary dies, loses no alert and no record", async () => {
    const env = { REDIS_CLUSTER_NODES: cluster.ports.map((port) => `127.0.0.1:${port}`).join(','), REDIS_PASSWORD: PASSWORD };
    const old = await primaryOf('{ha}');
    const report = await runFailoverScenario(env, () => cluster.kill(old)).catch((error) => {
      console.error(cluster.ports.map((port, i) => `--- node ${port}\n${cluster.log(i)}`).join('\n'));
      throw error;
    });
    console.log(`[cluster] jobs flow again ${report.jobsFlowAgainMs} ms after the primary was killed; the UI answered again after ${report.uiBackMs} ms (${report.uiFailedReads} reads failed meanwhile); `
      + `alerts: ${report.alertsExpected} expected, ${report.alertsLost} lost, ${report.alertsDuplicated} duplicated`);
    expect(await primaryOf('{ha}', (old + 1) % cluster.ports.length)).not.toBe(old);
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
