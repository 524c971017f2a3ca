import type { MonitorOf } from '../monitors/schema';
import { condition, type Condition } from './conditions';
import { describeError } from './net';
import { addressOf, NodeError, withNode, type NodeAddress, type NodeStage } from './redis-node';

type RedisMonitor = MonitorOf<'redis'>;

/** One line of CLUSTER NODES (`<id> <ip:port@cport[,hostname]> <flags> <master id> … <link-state> <slots>`). */
export interface ClusterNode {
  id: string;
  node: NodeAddress;
  address: string;
  flags: string[];
  masterId: string;
  link: string;
}

/** A replica as the answering node sees it; `ok` false when it is failing or its link is down. */
export interface ReplicaReport {
  address: string;
  of: string;
  flags: string[];
  link: string;
  ok: boolean;
}

/** A seed node that could not be asked for CLUSTER NODES. */
export interface SeedFailure {
  address: string;
  stage: NodeStage;
  error: string;
}

export type ClusterView =
  | { ok: true; seed: string; nodes: ClusterNode[]; seedFailures: SeedFailure[] }
  | { ok: false; seedFailures: SeedFailure[] };

/** "host:port" or "[v6]:port" as the schema accepts it. */
export function parseHostPort(text: string): NodeAddress {
  const colon = text.lastIndexOf(':');
  return { host: text.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(text.slice(colon + 1)) };
}

/** The configured node first, then the other nodes, once each. */
export function seedsOf(monitor: RedisMonitor): NodeAddress[] {
  const seeds = [{ host: monitor.host, port: monitor.port }, ...(monitor.otherNodes ?? []).map(parseHostPort)];
  const seen = new Set<string>();
  return seeds.filter((seed) => !seen.has(addressOf(seed)) && Boolean(seen.add(addressOf(seed))));
}

/**
 * Parses CLUSTER NODES. The node we asked ("myself") is kept under the address we reached it by,
 * which is the one known to work; nodes without an address yet (noaddr, handshake) are left out.
 */
export function parseClusterNodes(text: string, asked: NodeAddress): ClusterNode[] {
  const nodes: ClusterNode[] = [];
  for (const line of text.split('\n')) {
    const [id, endpoint, flagList, masterId = '-', , , , link = ''] = line.trim().split(' ');
    if (!id || !endpoint || !flagList) continue;
    const flags = flagList.split(',');
    if (flags.includes('noaddr') || flags.includes('handshake')) continue;
    let node: NodeAddress;
    if (flags.includes('myself')) node = asked;
    else {
      node = parseHostPort(endpoint.split('@')[0]);
      if (!node.host || !Number.isInteger(node.port) || node.port <= 0) continue;
    }
    nodes.push({ id, node, address: addressOf(node), flags, masterId, link });
  }
  return nodes;
}

/** Asks each seed in turn for CLUSTER NODES until one answers; the ones that did not are kept to report. */
export async function readCluster(monitor: RedisMonitor, signal: AbortSignal): Promise<ClusterView> {
  const seedFailures: SeedFailure[] = [];
  for (const seed of seedsOf(monitor)) {
    try {
      const text = await withNode(seed, monitor, signal, async (client) => String(await client.cluster('NODES')));
      return { ok: true, seed: addressOf(seed), nodes: parseClusterNodes(text, seed), seedFailures };
    } catch (error) {
      if (signal.aborted) throw error;
      seedFailures.push({ address: addressOf(seed), stage: error instanceof NodeError ? error.stage : 'connect', error: describeError(error) });
    }
  }
  return { ok: false, seedFailures };
}

const isMaster = (n: ClusterNode) => n.flags.includes('master');

export const mastersOf = (nodes: ClusterNode[]) => nodes.filter(isMaster);

/** Every replica, judged by its flags and link state as the answering node sees them. */
export function replicasOf(nodes: ClusterNode[]): ReplicaReport[] {
  const byId = new Map(nodes.map((n) => [n.id, n.address]));
  return nodes.filter((n) => n.flags.includes('slave')).map((n) => ({
    address: n.address,
    of: byId.get(n.masterId) ?? 'an unknown master',
    flags: n.flags.filter((f) => f !== 'myself'),
    link: n.link,
    ok: !n.flags.includes('fail') && !n.flags.includes('fail?') && n.link !== 'disconnected',
  }));
}

/** What is wrong with a replica, in words: "127.0.0.1:7004 (replica of 127.0.0.1:7001) is marked fail, link disconnected". */
export function replicaProblem(replica: ReplicaReport): string {
  const marks: string[] = [];
  if (replica.flags.includes('fail')) marks.push('marked fail');
  else if (replica.flags.includes('fail?')) marks.push('suspected to fail (fail?)');
  if (replica.link === 'disconnected') marks.push(marks.length > 0 ? 'link disconnected' : 'disconnected');
  return `${replica.address} (replica of ${replica.of}) is ${marks.join(', ')}`;
}

/** Every slot a cluster has: all of them must be served for every key to be reachable. */
export const CLUSTER_SLOTS = 16_384;

const nodeState = (n: ClusterNode) => (n.flags.includes('fail') ? 'fail' : n.flags.includes('fail?') ? 'pfail (fail?)' : 'ok');

/** Each node as the answering node sees it: neither failed nor suspected (pfail). */
export function nodeStateConditions(nodes: ClusterNode[]): Condition[] {
  return nodes.map((n) => condition('node state', nodeState(n), 'is', 'ok', { node: n.address }));
}

/** Each primary with at least `min` replicas that are neither failing nor disconnected. */
export function replicasPerPrimaryConditions(nodes: ClusterNode[], min: number): Condition[] {
  const healthy = replicasOf(nodes).filter((r) => r.ok);
  return mastersOf(nodes).filter((m) => !m.flags.includes('fail')).map((m) =>
    condition('replicas', healthy.filter((r) => r.of === m.address).length, 'at least', min, { node: m.address }));
}
