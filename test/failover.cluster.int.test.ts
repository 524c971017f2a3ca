import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFailoverSurvived, FAILOVER_SCENARIO_TIMEOUT_MS, runFailoverScenario, stopScenarioDaemons } from './support/failover-scenario';
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
    expectFailoverSurvived(report, 'cluster');
    expect(await primaryOf('{ha}', (old + 1) % cluster.ports.length)).not.toBe(old);
  }, FAILOVER_SCENARIO_TIMEOUT_MS + 30_000);
});
