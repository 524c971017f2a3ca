import { afterAll, beforeAll } from 'vitest';
import { startRedisCluster, type TestRedisCluster } from './redis-cluster';

/** One node's line of CLUSTER NODES. */
export interface ClusterNodeRow { id: string; port: number; flags: string[]; masterId: string; link: string }

/** The cluster as one node (by index) sees it. */
export async function clusterNodes(cluster: TestRedisCluster, index: number): Promise<ClusterNodeRow[]> {
  return String(await cluster.call(index, 'CLUSTER', 'NODES')).trim().split('\n').map((line) => {
    const [id, endpoint, flags, masterId, , , , link] = line.trim().split(' ');
    return { id, port: Number(endpoint.split('@')[0].split(':')[1]), flags: flags.split(','), masterId, link };
  });
}

export interface ReplicatedCluster {
  cluster: TestRedisCluster;
  /** The primaries and each one's replica, as the first node saw them once the cluster was up. */
  masters: ClusterNodeRow[];
  replicaOf: (master: ClusterNodeRow) => ClusterNodeRow;
}

/** A cluster of 3 primaries with a replica each, of the test file's own: started before its tests, stopped after them. */
export function replicatedClusterPerFile(onStart: (started: ReplicatedCluster) => void): void {
  let cluster: TestRedisCluster | undefined;
  beforeAll(async () => {
    cluster = await startRedisCluster(3, { replicas: 1 });
    const seen = await clusterNodes(cluster, 0);
    onStart({ cluster, masters: seen.filter((r) => r.flags.includes('master')), replicaOf: (master) => seen.find((r) => r.masterId === master.id)! });
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });
}
