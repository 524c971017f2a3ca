import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/ports';
import { redisMonitorOf } from '../../test/support/targets/monitor';
import { clusterNodes, replicatedClusterPerFile, type ClusterNodeRow } from '../../test/support/targets/cluster-per-file';
import type { TestRedisCluster } from '../../test/support/targets/redis-cluster';
import type { Condition } from './conditions';
import { runCheck } from './index';

// A real cluster of 3 primaries with a replica each: node states, slots and replicas per primary, as
// conditions per node, and the per-node conditions on every node, replicas too.
let cluster: TestRedisCluster;
let masters: ClusterNodeRow[];
let replicaOf: (master: ClusterNodeRow) => ClusterNodeRow;
replicatedClusterPerFile((started) => ({ cluster, masters, replicaOf } = started));
const rows = (index: number) => clusterNodes(cluster, index);
const address = (port: number) => `127.0.0.1:${port}`;
type Fields = Parameters<typeof redisMonitorOf>[0];
const clusterMonitor = (seed: number, fields: Partial<Fields>) =>
  redisMonitorOf({ host: '127.0.0.1', port: seed, mode: 'cluster', timeoutMs: 3000, ...fields });
const conditions = (details: Record<string, unknown>, name: string) => (details.conditions as Condition[]).filter((c) => c.name === name);

describe('I Watch Redis: cluster conditions', () => {
  const seedPort = () => masters[0].port;

  it('on a healthy cluster: every node ok, every slot served, a replica per primary, memory on all six nodes', async () => {
    const result = await runCheck(clusterMonitor(seedPort(), { watchClusterNodes: true, watchClusterReplicas: true, watchMemory: true }));
    expect(result.ok).toBe(true);
    expect(conditions(result.details, 'node state')).toHaveLength(6);
    expect(conditions(result.details, 'slots served').map((c) => `${c.node} ${c.measured}`).sort()).toEqual(masters.map((m) => `${address(m.port)} 16384`).sort());
    expect(conditions(result.details, 'replicas').every((c) => c.measured === 1 && c.ok)).toBe(true);
    expect(conditions(result.details, 'memory used (of system memory)').map((c) => c.node).sort()).toEqual(cluster.ports.map(address).sort());
    expect(result.message).toMatch(/^Cluster of 3 masters and 3 replicas: \d+ more conditions met$/);
  });

  it('fails when a primary has fewer replicas than the minimum, naming each primary', async () => {
    const result = await runCheck(clusterMonitor(seedPort(), { watchClusterReplicas: true, minReplicasPerPrimary: 2 }));
    expect(result.ok).toBe(false);
    expect(result.message.split('\n').sort()).toEqual(masters.map((m) => `replicas on ${address(m.port)}: 1 vs at least 2`).sort());
  });

  it('a killed replica: its node state fails and its primary is left without a replica', async () => {
    const master = masters[1];
    const replica = replicaOf(master);
    await cluster.kill(cluster.ports.indexOf(replica.port));
    await waitFor(async () => (await rows(cluster.ports.indexOf(seedPort()))).find((r) => r.id === replica.id)!.flags.includes('fail'), 20_000, 100, 'the replica marked fail');
    const result = await runCheck(clusterMonitor(seedPort(), { watchClusterNodes: true, watchClusterReplicas: true }));
    expect(result.ok).toBe(false);
    expect(result.message.split('\n').sort()).toEqual([
      `node state on ${address(replica.port)}: fail vs is ok`,
      `replicas on ${address(master.port)}: 0 vs at least 1`,
    ].sort());
  });

  it('that primary killed too: no failover, so its slots are not served, as every other primary says', async () => {
    const master = masters[1];
    await cluster.kill(cluster.ports.indexOf(master.port));
    await waitFor(async () => /cluster_slots_fail:[1-9]/.test(String(await cluster.call(cluster.ports.indexOf(seedPort()), 'CLUSTER', 'INFO'))), 20_000, 100, 'its slots failed');
    const result = await runCheck(clusterMonitor(seedPort(), { watchClusterNodes: true }));
    expect(result.ok).toBe(false);
    expect(result.message).toContain(`node state on ${address(master.port)}: fail vs is ok`);
    for (const survivor of [masters[0], masters[2]]) {
      expect(result.message).toMatch(new RegExp(`slots served on ${address(survivor.port).replace(/\./g, '\\.')}: \\d+ vs at least 16384`));
    }
    const served = conditions(result.details, 'slots served').filter((c) => c.measured !== 'not reported');
    expect(served.every((c) => typeof c.measured === 'number' && c.measured < 16_384)).toBe(true);
  });
});
