import { describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/ports';
import { redisMonitorOf } from '../../test/support/targets/monitor';
import { clusterNodes, replicatedClusterPerFile, type ClusterNodeRow } from '../../test/support/targets/cluster-per-file';
import type { TestRedisCluster } from '../../test/support/targets/redis-cluster';
import { runCheck } from './index';

// A real cluster of 3 masters with a replica each: replicas are watched, and more than one seed
// node can be given so that a dead seed is reported rather than blinding the check.
let cluster: TestRedisCluster;
let masters: ClusterNodeRow[];
let replicaOf: (master: ClusterNodeRow) => ClusterNodeRow;
replicatedClusterPerFile((started) => ({ cluster, masters, replicaOf } = started));
const rows = (index: number) => clusterNodes(cluster, index);
const indexOf = (port: number) => cluster.ports.indexOf(port);
const address = (port: number) => `127.0.0.1:${port}`;
const nodeMonitor = (seedPorts: number[]) =>
  redisMonitorOf({
    host: '127.0.0.1', port: seedPorts[0], otherNodes: seedPorts.slice(1).map(address), password: '', mode: 'cluster', tls: false,
    watchHealth: true, watchKeys: true, minKeys: 0, maxKeys: 1_000_000, watchIops: false, minIops: 0, maxIops: 1_000_000, timeoutMs: 3000,
  });

describe('I Watch Redis, cluster with replicas', () => {
  it('on a healthy cluster names every master with its key count, and counts the replicas', async () => {
    const result = await runCheck(nodeMonitor([masters[0].port]));
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(/^Cluster of 3 masters and 3 replicas: cluster_state ok; keys /);
    for (const m of masters) expect(result.message).toContain(`${address(m.port)} 0`);
  });

  it('fails when a replica is killed, naming the replica and its master', async () => {
    const master = masters[1];
    const replica = replicaOf(master);
    await cluster.kill(indexOf(replica.port));
    const seed = indexOf(masters[0].port);
    await waitFor(async () => (await rows(seed)).find((r) => r.id === replica.id)!.flags.includes('fail'), 20_000, 100, 'the replica marked fail');
    const result = await runCheck(nodeMonitor([masters[0].port]));
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(new RegExp(`${address(replica.port)} \\(replica of ${address(master.port)}\\) is marked fail, link disconnected`));
    expect(result.details).toMatchObject({ replicas: expect.arrayContaining([expect.objectContaining({ address: address(replica.port), ok: false })]) });
  });

  it('with the first seed node killed, asks the next one and reports the dead seed as a node problem', async () => {
    const first = masters[0];
    const second = masters[2];
    const promoted = replicaOf(first);
    await cluster.kill(indexOf(first.port));
    // Its replica takes over, and the cluster is whole again, as the node the check will ask sees it.
    await waitFor(async () => {
      if (!/cluster_state:ok/.test(String(await cluster.call(indexOf(second.port), 'CLUSTER', 'INFO')))) return false;
      const seen = await rows(indexOf(second.port));
      return seen.find((r) => r.id === first.id)!.flags.includes('fail') && Boolean(seen.find((r) => r.id === promoted.id)?.flags.includes('master'));
    }, 30_000, 100, 'failover done');
    const result = await runCheck(nodeMonitor([first.port, second.port]));
    expect(result.ok).toBe(false);
    expect(result.message).toContain(`${address(first.port)} cannot be reached`);
    expect(result.message).not.toContain("Could not read the cluster's nodes");
    expect(result.details).toMatchObject({ seed: address(second.port) });
    const nodes = result.details.nodes as Array<{ address: string; clusterState?: string }>;
    expect(nodes.find((n) => n.address === address(promoted.port))).toMatchObject({ clusterState: 'ok' });
  });
});
