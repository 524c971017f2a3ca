import type { MonitorOf } from '../monitors/schema';
import { failed, passed } from './result';
import { mastersOf, parseClusterNodes, readCluster, replicaProblem, replicasOf, type ReplicaReport, type SeedFailure } from './redis-cluster';
import { addressOf, probeNode, type NodeAddress, type NodeReport, type NodeStage, type Watches } from './redis-node';
import type { Check, CheckResult } from './types';

type RedisMonitor = MonitorOf<'redis'>;

/**
 * I Watch Redis. A standalone server is probed directly. A cluster is discovered from the first
 * configured node that answers (CLUSTER NODES): every master is then probed on its own short
 * connection, so a dead node is named by its address and no cluster client is left refreshing slots
 * in the background, and every replica is judged by its flags and link as that node sees them.
 */
export const checkRedis: Check<'redis'> = async (monitor, signal) => {
  const watches: Watches = { health: monitor.watchHealth, keys: monitor.watchKeys, iops: monitor.watchIops, cluster: monitor.mode === 'cluster' };
  if (monitor.mode !== 'cluster') {
    return judge(monitor, [await probeNode({ host: monitor.host, port: monitor.port }, monitor, watches, signal)]);
  }
  const view = await readCluster(monitor, signal);
  if (!view.ok) {
    const [only, ...more] = view.seedFailures;
    const why = more.length === 0 ? `${only.address}: ${only.error}` : `any of its ${view.seedFailures.length} nodes: ${view.seedFailures.map((f) => `${f.address}: ${f.error}`).join('; ')}`;
    return failed(`Could not read the cluster's nodes from ${why}`, { mode: 'cluster', seed: only.address, error: only.error, seeds: view.seedFailures });
  }
  const masters = mastersOf(view.nodes);
  if (masters.length === 0) return failed(`${view.seed} lists no master nodes`, { mode: 'cluster', seed: view.seed, nodes: [] });
  // At the time limit, the masters that have not answered yet are named as such, beside the figures
  // of those that did: "which node hangs" is what the person paged wants to know.
  const reports = await Promise.all(masters.map(({ node }) => probeNode(node, monitor, watches, signal).catch((error: unknown): NodeReport => {
    if (!signal.aborted) throw error;
    return { address: addressOf(node), reachable: false, failedAt: 'timeout' };
  })));
  return judge(monitor, reports, { seed: view.seed, replicas: replicasOf(view.nodes), seedFailures: view.seedFailures });
};

/** The masters in a CLUSTER NODES answer, the node asked under the address it was reached by. */
export function clusterMasters(nodes: string, seed: NodeAddress): NodeAddress[] {
  return mastersOf(parseClusterNodes(nodes, seed)).map((n) => n.node);
}

const FAILURE_WORDS: Record<NodeStage, string> = {
  connect: 'cannot be reached',
  auth: 'rejected the password',
  command: 'answered with an error',
  timeout: 'did not answer in time',
};

const range = (min: number, max: number) => `${min}–${max}`;
const within = (value: number, min: number, max: number) => value >= min && value <= max;

interface ClusterFacts {
  seed: string;
  replicas: ReplicaReport[];
  seedFailures: SeedFailure[];
}

function nodeProblems(monitor: RedisMonitor, node: NodeReport): string[] {
  if (node.failedAt) return [`${node.address} ${FAILURE_WORDS[node.failedAt]}${node.error ? `: ${node.error}` : ''}`];
  const problems: string[] = [];
  if (node.clusterState !== undefined && node.clusterState !== 'ok') problems.push(`${node.address} reports cluster_state ${node.clusterState}`);
  if (node.ping !== undefined && node.ping !== 'PONG') problems.push(`${node.address} answered PING with ${node.ping}`);
  if (node.keys !== undefined && !within(node.keys, monitor.minKeys, monitor.maxKeys)) {
    problems.push(`${node.address} has ${node.keys} keys, expected ${range(monitor.minKeys, monitor.maxKeys)}`);
  }
  if (node.iops !== undefined && !within(node.iops, monitor.minIops, monitor.maxIops)) {
    problems.push(`${node.address} has ${node.iops} ops/s, expected ${range(monitor.minIops, monitor.maxIops)}`);
  }
  return problems;
}

/** Turns the node reports into one result: every problem named by node, expected and current. */
function judge(monitor: RedisMonitor, reports: NodeReport[], cluster?: ClusterFacts): CheckResult {
  const problems = reports.flatMap((node) => nodeProblems(monitor, node));
  const failingReplicas = cluster?.replicas.filter((r) => !r.ok) ?? [];
  problems.push(...failingReplicas.map(replicaProblem));
  // A seed that did not answer is a node problem, unless it is already named as a master or replica above.
  const named = new Set([...reports.map((n) => n.address), ...failingReplicas.map((r) => r.address)]);
  for (const seed of cluster?.seedFailures ?? []) {
    if (!named.has(seed.address)) problems.push(`${seed.address} ${FAILURE_WORDS[seed.stage]}: ${seed.error}`);
  }
  const details = cluster
    ? { mode: 'cluster', seed: cluster.seed, nodes: reports, replicas: cluster.replicas, seedFailures: cluster.seedFailures }
    : { mode: 'standalone', nodes: reports };
  // Each failing node or condition counts: a second node lost is a worse outage than the first.
  if (problems.length > 0) return { ...failed(problems.join('; '), details), severity: problems.length };
  return passed(cluster ? clusterSummary(monitor, reports, cluster) : standaloneSummary(monitor, reports[0]), details);
}

function standaloneSummary(monitor: RedisMonitor, node: NodeReport): string {
  const facts: string[] = [];
  if (monitor.watchHealth) facts.push('PONG');
  if (monitor.watchKeys) facts.push(`${node.keys} keys (expected ${range(monitor.minKeys, monitor.maxKeys)})`);
  if (monitor.watchIops) facts.push(`${node.iops} ops/s (expected ${range(monitor.minIops, monitor.maxIops)})`);
  return `${node.address}: ${facts.length > 0 ? facts.join(', ') : 'connected'}`;
}

/** Every figure beside the node it belongs to: "keys 10.0.0.1:7000 12, 10.0.0.2:7001 9 (expected 0–100)". */
function clusterSummary(monitor: RedisMonitor, reports: NodeReport[], cluster: ClusterFacts): string {
  const perNode = (pick: (n: NodeReport) => number | undefined) => reports.map((n) => `${n.address} ${pick(n)}`).join(', ');
  const facts: string[] = [];
  if (monitor.watchKeys) facts.push(`keys ${perNode((n) => n.keys)} (expected ${range(monitor.minKeys, monitor.maxKeys)})`);
  if (monitor.watchIops) facts.push(`ops/s ${perNode((n) => n.iops)} (expected ${range(monitor.minIops, monitor.maxIops)})`);
  const masters = reports.map((n) => n.address).join(', ');
  if (facts.length === 0) facts.push(monitor.watchHealth ? `cluster_state ok on ${masters}` : `connected to ${masters}`);
  else if (monitor.watchHealth) facts.unshift('cluster_state ok');
  const replicas = cluster.replicas.length;
  const subject = `Cluster of ${reports.length} masters${replicas > 0 ? ` and ${replicas} replica${replicas === 1 ? '' : 's'}` : ''}`;
  return `${subject}: ${facts.join('; ')}`;
}
