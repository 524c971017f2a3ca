import type { MonitorOf } from '../monitors/schema';
import { condition, describeCondition, failedConditions, type Condition } from './conditions';
import { failed, passed } from './result';
import { CLUSTER_SLOTS, mastersOf, nodeStateConditions, parseClusterNodes, readCluster, replicaProblem, replicasOf, replicasPerPrimaryConditions, type ClusterNode, type ReplicaReport, type SeedFailure } from './redis-cluster';
import { basicConditions, nodeConditions, type Place } from './redis-conditions';
import { counterConditions } from './redis-counters';
import { addressOf, probeNode, type NodeAddress, type NodeProbe, type NodeReport, type NodeStage, type Watches } from './redis-node';
import { replicationConditions } from './redis-replication';
import type { Check, CheckContext, CheckResult } from './types';

type RedisMonitor = MonitorOf<'redis'>;

/**
 * I Watch Redis. A standalone server is probed directly. A cluster is discovered from the first
 * configured node that answers (CLUSTER NODES): every master is then probed on its own short
 * connection, so a dead node is named by its address and no cluster client is left refreshing slots
 * in the background, and every replica is judged by its flags and link as that node sees them (and,
 * for the per-node conditions, probed too). Each figure is a condition: measured vs threshold.
 */
export const checkRedis: Check<'redis'> = async (monitor, signal, context = {}) => {
  const watches = watchesOf(monitor);
  if (monitor.mode !== 'cluster') {
    const node = { host: monitor.host, port: monitor.port };
    const probe = await probeNode(node, monitor, watches, signal);
    return judge(monitor, [probe], await conditionsOf(monitor, [probe], {}, signal, context));
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
  const probeAll = (nodes: ClusterNode[], w: Watches) => Promise.all(nodes.map(({ node }) => probeNode(node, monitor, w, signal).catch((error: unknown): NodeProbe => {
    if (!signal.aborted) throw error;
    return { report: { address: addressOf(node), reachable: false, failedAt: 'timeout' } };
  })));
  const replicas = replicasOf(view.nodes);
  // Replicas the seed sees as healthy get the per-node conditions too; the others are named by their flags.
  const healthyReplicas = view.nodes.filter((n) => replicas.some((r) => r.ok && r.address === n.address));
  const replicaWatches = { ...watches, health: false, keys: false, iops: false, clusterInfo: false };
  const [masterProbes, replicaProbes] = await Promise.all([probeAll(masters, watches), perNodeWatched(monitor) ? probeAll(healthyReplicas, replicaWatches) : []]);
  const conditions = [
    ...await conditionsOf(monitor, [...masterProbes, ...replicaProbes], { cluster: true }, signal, context),
    ...clusterConditions(monitor, view.nodes, masterProbes),
  ];
  return judge(monitor, masterProbes, conditions, { seed: view.seed, replicas, seedFailures: view.seedFailures, replicaProbes });
};

/** The node-level conditions (beyond health, keys and IOPS) that need INFO. */
const perNodeWatched = (m: RedisMonitor) => m.watchMemory || m.watchClients || m.watchRejected || m.watchEvictions || m.watchReplication || m.watchPersistence || m.watchLatency;

function watchesOf(monitor: RedisMonitor): Watches {
  return {
    health: monitor.watchHealth, keys: monitor.watchKeys, iops: monitor.watchIops, cluster: monitor.mode === 'cluster',
    clusterInfo: monitor.mode === 'cluster' && monitor.watchClusterNodes, info: perNodeWatched(monitor),
    rdbConfig: monitor.watchPersistence, pingTime: monitor.watchLatency,
  };
}

/** Every reachable node's conditions, in node order. */
async function conditionsOf(monitor: RedisMonitor, probes: NodeProbe[], where: { cluster?: boolean }, signal: AbortSignal, context: CheckContext): Promise<Condition[]> {
  const perNode = await Promise.all(probes.map(async ({ report, facts }) => {
    if (!facts) return [];
    const place: Place = where.cluster ? { node: report.address } : {};
    return [
      ...basicConditions(monitor, report, place),
      ...nodeConditions(monitor, facts, place),
      ...await replicationConditions(monitor, facts, place, signal),
      ...await counterConditions(monitor, facts, report.address, place, context.counters),
    ];
  }));
  return perNode.flat();
}

/** The cluster as a whole: no failed or pfail node, every slot served (as each master sees it), enough replicas per primary. */
function clusterConditions(monitor: RedisMonitor, nodes: ClusterNode[], masterProbes: NodeProbe[]): Condition[] {
  const out: Condition[] = [];
  if (monitor.watchClusterNodes) {
    out.push(...nodeStateConditions(nodes));
    for (const { report, facts } of masterProbes) {
      const served = Number(facts?.info.get('cluster_slots_ok'));
      if (facts) out.push(condition('slots served', Number.isFinite(served) ? served : 'not reported', 'at least', CLUSTER_SLOTS, { node: report.address }));
    }
  }
  if (monitor.watchClusterReplicas) out.push(...replicasPerPrimaryConditions(nodes, monitor.minReplicasPerPrimary));
  return out;
}

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

interface ClusterFacts {
  seed: string;
  replicas: ReplicaReport[];
  seedFailures: SeedFailure[];
  replicaProbes: NodeProbe[];
}

const unreachable = (node: NodeReport, role = '') => `${node.address}${role} ${FAILURE_WORDS[node.failedAt ?? 'connect']}${node.error ? `: ${node.error}` : ''}`;

/** Turns the probes and conditions into one result: nodes that could not be asked, then each failed condition. */
function judge(monitor: RedisMonitor, probes: NodeProbe[], conditions: Condition[], cluster?: ClusterFacts): CheckResult {
  const reports = probes.map((p) => p.report);
  const problems = reports.filter((n) => n.failedAt).map((n) => unreachable(n));
  problems.push(...(cluster?.replicaProbes ?? []).map((p) => p.report).filter((n) => n.failedAt).map((n) => unreachable(n, ' (replica)')));
  // With the node-state conditions on, a failing replica is named by them.
  const failingReplicas = monitor.watchClusterNodes ? [] : cluster?.replicas.filter((r) => !r.ok) ?? [];
  problems.push(...failingReplicas.map(replicaProblem));
  // A seed that did not answer is a node problem, unless it is already named as a master or replica above.
  const named = new Set([...reports.map((n) => n.address), ...(cluster?.replicas.filter((r) => !r.ok).map((r) => r.address) ?? [])]);
  for (const seed of cluster?.seedFailures ?? []) {
    if (!named.has(seed.address)) problems.push(`${seed.address} ${FAILURE_WORDS[seed.stage]}: ${seed.error}`);
  }
  const details = cluster
    ? { mode: 'cluster', seed: cluster.seed, nodes: reports, replicas: cluster.replicas, seedFailures: cluster.seedFailures, conditions }
    : { mode: 'standalone', nodes: reports, conditions };
  const failedOnes = conditions.filter((c) => !c.ok);
  // Each failing node or condition counts: a second node lost is a worse outage than the first.
  const severity = problems.length + failedOnes.length;
  if (severity > 0) return { ...failed([...problems, failedConditions(conditions)].filter(Boolean).join('\n'), details), severity };
  return passed(cluster ? clusterSummary(monitor, reports, cluster, conditions) : standaloneSummary(monitor, reports[0], conditions), details);
}

const range = (min: number, max: number) => `${min}–${max}`;
/** Conditions beyond health, keys and IOPS, which the summaries already word. */
const deeper = (conditions: Condition[]) => conditions.filter((c) => !['PING', 'cluster_state', 'keys', 'ops/s'].includes(c.name));

function standaloneSummary(monitor: RedisMonitor, node: NodeReport, conditions: Condition[]): string {
  const facts: string[] = [];
  if (monitor.watchHealth) facts.push('PONG');
  if (monitor.watchKeys) facts.push(`${node.keys} keys (expected ${range(monitor.minKeys, monitor.maxKeys)})`);
  if (monitor.watchIops) facts.push(`${node.iops} ops/s (expected ${range(monitor.minIops, monitor.maxIops)})`);
  facts.push(...deeper(conditions).map(describeCondition));
  return `${node.address}: ${facts.length > 0 ? facts.join(', ') : 'connected'}`;
}

/** Every figure beside the node it belongs to: "keys 10.0.0.1:7000 12, 10.0.0.2:7001 9 (expected 0–100)". */
function clusterSummary(monitor: RedisMonitor, reports: NodeReport[], cluster: ClusterFacts, conditions: Condition[]): string {
  const perNode = (pick: (n: NodeReport) => number | undefined) => reports.map((n) => `${n.address} ${pick(n)}`).join(', ');
  const facts: string[] = [];
  if (monitor.watchKeys) facts.push(`keys ${perNode((n) => n.keys)} (expected ${range(monitor.minKeys, monitor.maxKeys)})`);
  if (monitor.watchIops) facts.push(`ops/s ${perNode((n) => n.iops)} (expected ${range(monitor.minIops, monitor.maxIops)})`);
  const masters = reports.map((n) => n.address).join(', ');
  const more = deeper(conditions).length;
  if (more > 0) facts.push(`${more} more conditions met`);
  if (facts.length === 0) facts.push(monitor.watchHealth ? `cluster_state ok on ${masters}` : `connected to ${masters}`);
  else if (monitor.watchHealth) facts.unshift('cluster_state ok');
  const replicas = cluster.replicas.length;
  const subject = `Cluster of ${reports.length} masters${replicas > 0 ? ` and ${replicas} replica${replicas === 1 ? '' : 's'}` : ''}`;
  return `${subject}: ${facts.join('; ')}`;
}
