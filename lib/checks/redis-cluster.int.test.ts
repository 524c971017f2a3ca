import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/ports';
import { redisMonitorOf } from '../../test/support/targets/monitor';
import { startRedisCluster, type TestRedisCluster } from '../../test/support/targets/redis-cluster';
import { clusterMasters } from './redis';
import { runCheck } from './index';

let cluster: TestRedisCluster;
beforeAll(async () => {
  cluster = await startRedisCluster(3);
});
afterAll(async () => {
  await cluster?.stop();
});

const clusterMonitor = (watch: Partial<{ watchHealth: boolean; watchKeys: boolean; minKeys: number; maxKeys: number; watchIops: boolean }>) =>
  redisMonitorOf({
    host: '127.0.0.1', port: cluster.ports[0], password: '', mode: 'cluster', otherNodes: [], tls: false,
    watchHealth: false, watchKeys: false, minKeys: 0, maxKeys: 1_000_000, watchIops: false, minIops: 0, maxIops: 1_000_000, timeoutMs: 3000,
    ...watch,
  });

interface Node { address: string; reachable: boolean; clusterState?: string; keys?: number; iops?: number }
const nodesOf = (details: Record<string, unknown>) => details.nodes as Node[];
const address = (port: number) => `127.0.0.1:${port}`;

describe('I Watch Redis, cluster', () => {
  it('passes on a healthy cluster, having asked every master', async () => {
    const result = await runCheck(clusterMonitor({ watchHealth: true, watchIops: true }));
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(/^Cluster of 3 masters: cluster_state ok; ops\/s (127\.0\.0\.1:\d+ \d+(, )?){3} \(expected 0–1000000\)$/);
    const nodes = nodesOf(result.details);
    expect(nodes.map((n) => n.address).sort()).toEqual(cluster.ports.map(address).sort());
    expect(nodes.every((n) => n.clusterState === 'ok' && typeof n.iops === 'number')).toBe(true);
  });

  it('counts keys per master and names the master that is out of range', async () => {
    // Hash tags pin keys to the slot of the tag: find a tag served by the second node and fill it.
    const myself = ((await cluster.call(1, 'CLUSTER', 'NODES')) as string).split('\n').find((line) => line.includes('myself')) ?? '';
    let tag = '';
    for (let i = 0; i < 1000 && !tag; i += 1) {
      if (ownsSlot(myself, (await cluster.call(1, 'CLUSTER', 'KEYSLOT', `t${i}`)) as number)) tag = `t${i}`;
    }
    expect(tag).not.toBe('');
    for (let i = 0; i < 12; i += 1) await cluster.call(1, 'SET', `{${tag}}:${i}`, i);

    const result = await runCheck(clusterMonitor({ watchKeys: true, minKeys: 0, maxKeys: 10 }));
    expect(result.ok).toBe(false);
    expect(result.message).toBe(`keys on ${address(cluster.ports[1])}: 12 vs at most 10`);
    const keys = Object.fromEntries(nodesOf(result.details).map((n) => [n.address, n.keys]));
    expect(keys).toEqual({ [address(cluster.ports[0])]: 0, [address(cluster.ports[1])]: 12, [address(cluster.ports[2])]: 0 });

    const generous = await runCheck(clusterMonitor({ watchKeys: true, minKeys: 0, maxKeys: 100 }));
    expect(generous.ok).toBe(true);
    // A RESOLVED quotes this: each count beside its node.
    expect(generous.message).toMatch(/^Cluster of 3 masters: keys (127\.0\.0\.1:\d+ \d+(, )?){3} \(expected 0–100\)$/);
    cluster.ports.forEach((p, i) => expect(generous.message).toContain(`${address(p)} ${i === 1 ? 12 : 0}`));
  });

  it('names, at the time limit, a master that hangs, with the figures of the others', async () => {
    cluster.freeze(1);
    try {
      const started = performance.now();
      const result = await runCheck({ ...clusterMonitor({ watchKeys: true }), timeoutMs: 800 });
      expect(performance.now() - started).toBeLessThan(800 + 500);
      expect(result.ok).toBe(false);
      expect(result.message).toBe(`${address(cluster.ports[1])} did not answer in time (timed out after 800 ms)`);
      const nodes = nodesOf(result.details);
      expect(nodes.find((n) => n.address === address(cluster.ports[0]))).toMatchObject({ reachable: true, keys: 0 });
      expect(result.details).toMatchObject({ timedOut: true, timeoutMs: 800 });
    } finally {
      cluster.thaw(1);
    }
  });

  it('fails when a master is killed, naming it by host:port', async () => {
    await cluster.kill(2);
    const dead = address(cluster.ports[2]);
    const result = await runCheck(clusterMonitor({ watchHealth: true }));
    expect(result.ok).toBe(false);
    // ECONNREFUSED, unless another process on this busy machine has since been given the port.
    expect(result.message).toMatch(new RegExp(`${dead.replace(/\./g, '\\.')} (cannot be reached|did not answer in time)`));
    expect(nodesOf(result.details).find((n) => n.address === dead)).toMatchObject({ reachable: false });
    // After the node timeout the survivors agree the cluster is down, and say so too.
    await waitFor(async () => /cluster_state:fail/.test(String(await cluster.call(0, 'CLUSTER', 'INFO'))), 10_000, 100, 'cluster_state fail');
    const later = await runCheck(clusterMonitor({ watchHealth: true }));
    expect(later.message).toContain(`cluster_state on ${address(cluster.ports[0])}: fail vs is ok`);
    expect(later.message).toContain(`${dead} cannot be reached`);
  });

  it('reads the masters out of CLUSTER NODES, under the configured address for the node asked', () => {
    const nodes = [
      'a1 10.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460',
      'b2 10.0.0.2:7001@17001,redis-b master - 0 0 2 connected 5461-10922',
      'c3 10.0.0.3:7002@17002 master,fail - 0 0 3 disconnected 10923-16383',
      'd4 10.0.0.4:7003@17003 slave a1 0 0 1 connected',
      'e5 :0@0 master,noaddr - 0 0 0 disconnected',
    ].join('\n');
    expect(clusterMasters(nodes, { host: 'redis.example', port: 7000 })).toEqual([
      { host: 'redis.example', port: 7000 },
      { host: '10.0.0.2', port: 7001 },
      { host: '10.0.0.3', port: 7002 },
    ]);
  });
});

function ownsSlot(nodeLine: string, slot: number): boolean {
  return nodeLine.split(' ').slice(8).some((range) => {
    const [from, to = from] = range.split('-').map(Number);
    return slot >= from && slot <= to;
  });
}

describe('I Watch Redis, cluster with a password', () => {
  let locked: TestRedisCluster;
  beforeAll(async () => {
    locked = await startRedisCluster(3, { password: 'cluster-pw-5' });
  });
  afterAll(async () => {
    await locked?.stop();
  });
  const lockedMonitor = (password: string) =>
    redisMonitorOf({
      host: '127.0.0.1', port: locked.ports[0], password, mode: 'cluster', otherNodes: [], tls: false,
      watchHealth: true, watchKeys: true, minKeys: 0, maxKeys: 10, watchIops: false, minIops: 0, maxIops: 0, timeoutMs: 3000,
    });

  it('authenticates on every master', async () => {
    const result = await runCheck(lockedMonitor('cluster-pw-5'));
    expect(result.ok).toBe(true);
    expect(nodesOf(result.details)).toHaveLength(3);
    expect(JSON.stringify(result)).not.toContain('cluster-pw-5');
  });

  it('fails on a wrong password, naming the node asked', async () => {
    const result = await runCheck(lockedMonitor('nope-nope-3'));
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(new RegExp(`^Could not read the cluster's nodes from 127\\.0\\.0\\.1:${locked.ports[0]}: WRONGPASS`));
    expect(JSON.stringify(result)).not.toContain('nope-nope-3');
  });
});
