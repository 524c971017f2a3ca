import type { MonitorOf } from '../monitors/schema';
import { stripCredentials } from '../monitors/target';
import { condition, failedConditions, type Condition } from './conditions';
import { apiUrl, getJson } from './elastic-api';
import { missingFigures, NODE_STATS_PATH, nodeConditions, readNodes, type NodeFacts } from './elastic-nodes';
import { readHighWatermark } from './elastic-watermark';
import { excerpt } from './net';
import { failed, passed } from './result';
import type { Check } from './types';

type ElasticMonitor = MonitorOf<'elastic'>;

/** A health answer is a few hundred bytes; anything far larger is not one. */
const MAX_HEALTH_BYTES = 256 * 1024;
/** Filtered node stats are a few hundred bytes a node. */
const MAX_STATS_BYTES = 8 * 1024 * 1024;
const SETTINGS_PATH = '_cluster/settings?include_defaults=true&filter_path=*.cluster.routing.allocation.disk';

/** `{url}/_cluster/health`, keeping any path prefix and tolerating a trailing slash. */
export function healthUrl(base: string): URL {
  return apiUrl(base, '_cluster/health');
}

const needsNodeStats = (m: ElasticMonitor) => m.maxHeapPercent !== null || m.maxDiskPercent !== null || m.watchDiskWatermark;
const countOf = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 'not reported');

/** The cluster-wide conditions of GET _cluster/health that the monitor sets. */
function healthConditions(m: ElasticMonitor, health: Record<string, unknown>): Condition[] {
  const out: Condition[] = [];
  if (m.watchHealth) {
    out.push(condition('cluster status', typeof health.status === 'string' ? excerpt(health.status, 20) : 'missing', 'is', 'green'));
    out.push(condition('unassigned shards', countOf(health.unassigned_shards ?? 0), 'at most', 0));
  }
  const limit = (name: string, field: string, comparison: 'at most' | 'at least', threshold: number | null) => {
    if (threshold !== null) out.push(condition(name, countOf(health[field]), comparison, threshold));
  };
  limit('relocating shards', 'relocating_shards', 'at most', m.maxRelocatingShards);
  limit('initializing shards', 'initializing_shards', 'at most', m.maxInitializingShards);
  limit('pending tasks', 'number_of_pending_tasks', 'at most', m.maxPendingTasks);
  limit('nodes', 'number_of_nodes', 'at least', m.minNodes);
  limit('data nodes', 'number_of_data_nodes', 'at least', m.minDataNodes);
  return out;
}

/** Red (primaries missing) outranks yellow (replicas missing); each further failed condition adds one. */
function severityOf(conditions: Condition[]): number {
  return conditions.reduce((sum, c) => (c.ok ? sum : sum + (c.name === 'cluster status' && c.measured === 'red' ? 2 : 1)), 0);
}

/**
 * I Watch Elastic: GET _cluster/health, and _nodes/stats and _cluster/settings when a node condition
 * is set, all at once. Unreachable, refused or unreadable fails; so does every condition not met,
 * each listed as measured vs threshold, naming the node.
 */
export const checkElastic: Check<'elastic'> = async (monitor, signal) => {
  const shown = stripCredentials(healthUrl(monitor.url).toString());
  const [health, stats, settings] = await Promise.all([
    getJson(monitor, '_cluster/health', 'cluster health', signal, MAX_HEALTH_BYTES),
    needsNodeStats(monitor) ? getJson(monitor, NODE_STATS_PATH, 'node stats', signal, MAX_STATS_BYTES) : undefined,
    monitor.watchDiskWatermark ? getJson(monitor, SETTINGS_PATH, 'cluster settings', signal, MAX_HEALTH_BYTES) : undefined,
  ]);
  if ('failure' in health) return health.failure;
  for (const answer of [stats, settings]) if (answer && 'failure' in answer) return answer.failure;
  const h = health.json;
  const name = typeof h.cluster_name === 'string' ? `Cluster ${excerpt(h.cluster_name, 100)}` : 'Cluster';
  const nodes = stats && 'json' in stats ? readNodes(stats.json) : [];
  const disk = settings && 'json' in settings ? readHighWatermark(settings.json) : undefined;
  const limits = { maxHeapPercent: monitor.maxHeapPercent, maxDiskPercent: monitor.maxDiskPercent, watermark: disk?.watermark };
  const conditions = [
    ...healthConditions(monitor, h),
    ...(stats ? [...nodeConditions(nodes, limits), ...missingFigures(nodes, limits)] : []),
    ...(disk?.problem ? [{ ...condition('high disk watermark', disk.problem, 'is', 'readable'), ok: false }] : []),
  ];
  const details = {
    url: shown,
    httpStatus: health.status,
    clusterName: h.cluster_name,
    status: h.status,
    numberOfNodes: h.number_of_nodes,
    numberOfDataNodes: h.number_of_data_nodes,
    unassignedShards: h.unassigned_shards,
    relocatingShards: h.relocating_shards,
    initializingShards: h.initializing_shards,
    pendingTasks: h.number_of_pending_tasks,
    ...(stats ? { nodes } : {}),
    ...(disk ? { highWatermark: disk.enabled ? disk.watermark?.text ?? null : 'disk thresholds off' } : {}),
    conditions,
  };
  const failures = conditions.filter((c) => !c.ok);
  if (failures.length > 0) {
    const counted = failures.length === 1 ? '1 condition failed' : `${failures.length} conditions failed`;
    return { ...failed(`${name}: ${counted}:\n${failedConditions(conditions)}`, details), severity: severityOf(conditions) };
  }
  return passed(passSummary(monitor, name, h, nodes), details);
};

/** "Cluster logs is green, no unassigned shards; 3 nodes; highest JVM heap 64% (es-2); highest disk 71% (es-1)". */
function passSummary(monitor: ElasticMonitor, name: string, health: Record<string, unknown>, nodes: NodeFacts[]): string {
  const facts = [monitor.watchHealth ? `${name} is green, no unassigned shards` : `${name} answered`];
  if (typeof health.number_of_nodes === 'number') facts.push(`${health.number_of_nodes} nodes`);
  const highest = (pick: (n: NodeFacts) => number | undefined, label: string) => {
    const top = nodes.filter((n) => pick(n) !== undefined).sort((a, b) => pick(b)! - pick(a)!)[0];
    if (top) facts.push(`highest ${label} ${Math.round(pick(top)!)}% (${top.name})`);
  };
  highest((n) => n.heapUsedPercent, 'JVM heap');
  highest((n) => n.disk?.usedPercent, 'disk');
  return facts.join('; ');
}
