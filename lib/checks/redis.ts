import type { MonitorOf } from '../monitors/schema';
import { describeError } from './net';
import { failed, passed } from './result';
import { addressOf, probeNode, withNode, type NodeAddress, type NodeReport, type NodeStage, type Watches } from './redis-node';
import type { Check, CheckResult } from './types';

type RedisMonitor = MonitorOf<'redis'>;

/**
 * I Watch Redis. A standalone server is probed directly. A cluster is discovered from the configured
 * node (CLUSTER NODES) and every master is then probed on its own short connection, so a dead node
 * is named by its address and no cluster client is left refreshing slots in the background.
 */
export const checkRedis: Check<'redis'> = async (monitor, signal) => {
  const seed = { host: monitor.host, port: monitor.port };
  const watches: Watches = { health: monitor.watchHealth, keys: monitor.watchKeys, iops: monitor.watchIops, cluster: monitor.mode === 'cluster' };
  if (monitor.mode !== 'cluster') {
    return judge(monitor, [await probeNode(seed, monitor, watches, signal)], 'standalone');
  }
  let masters: NodeAddress[];
  try {
    masters = await withNode(seed, monitor, signal, async (client) => clusterMasters(String(await client.cluster('NODES')), seed));
  } catch (error) {
    if (signal.aborted) throw error;
    return failed(`Could not read the cluster's nodes from ${addressOf(seed)}: ${describeError(error)}`, { mode: 'cluster', seed: addressOf(seed), error: describeError(error) });
  }
  if (masters.length === 0) return failed(`${addressOf(seed)} lists no master nodes`, { mode: 'cluster', nodes: [] });
  // At the time limit, the masters that have not answered yet are named as such, beside the figures
  // of those that did: "which node hangs" is what the person paged wants to know.
  const reports = await Promise.all(masters.map((node) => probeNode(node, monitor, watches, signal).catch((error: unknown): NodeReport => {
    if (!signal.aborted) throw error;
    return { address: addressOf(node), reachable: false, failedAt: 'timeout' };
  })));
  return judge(monitor, reports, 'cluster');
};

/**
 * The masters in a CLUSTER NODES answer (`<id> <ip:port@cport[,hostname]> <flags> …`). The node we
 * asked ("myself") is kept under the address the user configured, which is the one known to work.
 */
export function clusterMasters(nodes: string, seed: NodeAddress): NodeAddress[] {
  const masters: NodeAddress[] = [];
  for (const line of nodes.split('\n')) {
    const [, endpoint, flagList] = line.trim().split(' ');
    if (!endpoint || !flagList) continue;
    const flags = flagList.split(',');
    if (!flags.includes('master') || flags.includes('noaddr') || flags.includes('handshake')) continue;
    if (flags.includes('myself')) {
      masters.push(seed);
      continue;
    }
    const hostPort = endpoint.split('@')[0];
    const colon = hostPort.lastIndexOf(':');
    const host = hostPort.slice(0, colon).replace(/^\[|\]$/g, '');
    const port = Number(hostPort.slice(colon + 1));
    if (host && Number.isInteger(port) && port > 0) masters.push({ host, port });
  }
  return masters;
}

const FAILURE_WORDS: Record<NodeStage, string> = {
  connect: 'cannot be reached',
  auth: 'rejected the password',
  command: 'answered with an error',
  timeout: 'did not answer in time',
};

const range = (min: number, max: number) => `${min}–${max}`;
const within = (value: number, min: number, max: number) => value >= min && value <= max;

/** Turns the node reports into one result: every problem named by node, expected and current. */
function judge(monitor: RedisMonitor, reports: NodeReport[], mode: 'standalone' | 'cluster'): CheckResult {
  const problems: string[] = [];
  for (const node of reports) {
    if (node.failedAt) {
      problems.push(`${node.address} ${FAILURE_WORDS[node.failedAt]}${node.error ? `: ${node.error}` : ''}`);
      continue;
    }
    if (node.clusterState !== undefined && node.clusterState !== 'ok') problems.push(`${node.address} reports cluster_state ${node.clusterState}`);
    if (node.ping !== undefined && node.ping !== 'PONG') problems.push(`${node.address} answered PING with ${node.ping}`);
    if (node.keys !== undefined && !within(node.keys, monitor.minKeys, monitor.maxKeys)) {
      problems.push(`${node.address} has ${node.keys} keys, expected ${range(monitor.minKeys, monitor.maxKeys)}`);
    }
    if (node.iops !== undefined && !within(node.iops, monitor.minIops, monitor.maxIops)) {
      problems.push(`${node.address} has ${node.iops} ops/s, expected ${range(monitor.minIops, monitor.maxIops)}`);
    }
  }
  const details = { mode, nodes: reports };
  if (problems.length > 0) return failed(problems.join('; '), details);

  const figures = (pick: (n: NodeReport) => number | undefined) => reports.map(pick).join(', ');
  const facts: string[] = [];
  if (monitor.watchHealth) facts.push(mode === 'cluster' ? 'cluster_state ok' : 'PONG');
  if (monitor.watchKeys) facts.push(`${figures((n) => n.keys)} keys (expected ${range(monitor.minKeys, monitor.maxKeys)})`);
  if (monitor.watchIops) facts.push(`${figures((n) => n.iops)} ops/s (expected ${range(monitor.minIops, monitor.maxIops)})`);
  const subject = mode === 'cluster' ? `Cluster of ${reports.length} masters (${reports.map((n) => n.address).join(', ')})` : reports[0].address;
  return passed(`${subject}: ${facts.length > 0 ? facts.join(', ') : 'connected'}`, details);
}
