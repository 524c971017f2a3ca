import type { MonitorOf } from '../monitors/schema';
import { condition, type Condition } from './conditions';
import type { NodeFacts, NodeReport } from './redis-node';

type RedisMonitor = MonitorOf<'redis'>;

/** Where a condition was measured: named on a cluster, implicit on a standalone server. */
export type Place = { node?: string };

const num = (facts: NodeFacts, name: string) => {
  const text = facts.info.get(name);
  const value = text === undefined ? NaN : Number(text);
  return Number.isFinite(value) ? value : undefined;
};
const pct = (part: number, whole: number) => (part / whole) * 100;
/** A figure the node did not give: shown as such, and a failure, since the condition cannot be judged. */
const missing = (name: string, comparison: Condition['comparison'], threshold: number, what: string, place: Place, unit?: string) =>
  condition(name, `not reported (${what})`, comparison, threshold, { ...place, unit });

/** Health, keys and IOPS, as the original judged them, each a condition. */
export function basicConditions(monitor: RedisMonitor, report: NodeReport, place: Place): Condition[] {
  const out: Condition[] = [];
  if (report.ping !== undefined) out.push(condition('PING', report.ping, 'is', 'PONG', place));
  if (report.clusterState !== undefined) out.push(condition('cluster_state', report.clusterState, 'is', 'ok', place));
  const range = (name: string, value: number, min: number, max: number) => {
    if (min > 0) out.push(condition(name, value, 'at least', min, place));
    out.push(condition(name, value, 'at most', max, place));
  };
  if (report.keys !== undefined) range('keys', report.keys, monitor.minKeys, monitor.maxKeys);
  if (report.iops !== undefined) range('ops/s', report.iops, monitor.minIops, monitor.maxIops);
  return out;
}

/** Memory, clients, persistence and PING time of one node, for the watches that are on. */
export function nodeConditions(monitor: RedisMonitor, facts: NodeFacts, place: Place): Condition[] {
  const out: Condition[] = [];
  if (monitor.watchMemory) out.push(memoryCondition(monitor, facts, place));
  if (monitor.watchClients) {
    const clients = num(facts, 'connected_clients');
    const max = num(facts, 'maxclients');
    out.push(clients !== undefined && max ? condition('connected clients (of maxclients)', pct(clients, max), 'at most', monitor.maxClientsPct, { ...place, unit: '%' })
      : missing('connected clients (of maxclients)', 'at most', monitor.maxClientsPct, 'connected_clients, maxclients', place, '%'));
  }
  if (monitor.watchPersistence) out.push(...persistenceConditions(monitor, facts, place));
  if (monitor.watchLatency && facts.pingMs !== undefined) out.push(condition('PING round trip', facts.pingMs, 'at most', monitor.maxPingMs, { ...place, unit: ' ms' }));
  return out;
}

/** Used memory against maxmemory, or against the host's memory when no maxmemory is set (maxmemory 0). */
function memoryCondition(monitor: RedisMonitor, facts: NodeFacts, place: Place): Condition {
  const used = num(facts, 'used_memory');
  const max = num(facts, 'maxmemory');
  const host = num(facts, 'total_system_memory');
  const options = { ...place, unit: '%' };
  if (used !== undefined && max) return condition('memory used (of maxmemory)', pct(used, max), 'at most', monitor.maxMemoryPct, options);
  if (used !== undefined && host) return condition('memory used (of system memory)', pct(used, host), 'at most', monitor.maxMemoryPct, options);
  return missing('memory used', 'at most', monitor.maxMemoryPct, 'used_memory, maxmemory, total_system_memory', place, '%');
}

const HOUR_S = 3600;

/** RDB: the last successful save is recent enough and the last one did not fail (when RDB is on); AOF: the last write went through (when AOF is on). */
function persistenceConditions(monitor: RedisMonitor, facts: NodeFacts, place: Place): Condition[] {
  const out: Condition[] = [];
  // CONFIG may be forbidden (hosted Redis): then RDB counts as on, the safe side for a condition asked for.
  if (facts.rdbOn !== false) {
    const lastSave = num(facts, 'rdb_last_save_time');
    const now = (num(facts, 'server_time_usec') ?? Date.now() * 1000) / 1e6;
    out.push(lastSave !== undefined
      ? condition('hours since the last RDB save', Math.max(0, now - lastSave) / HOUR_S, 'at most', monitor.maxRdbAgeHours, { ...place, unit: ' h' })
      : missing('hours since the last RDB save', 'at most', monitor.maxRdbAgeHours, 'rdb_last_save_time', place, ' h'));
    out.push(condition('last RDB save', facts.info.get('rdb_last_bgsave_status') ?? 'not reported', 'is', 'ok', place));
  }
  if (facts.info.get('aof_enabled') === '1') out.push(condition('last AOF write', facts.info.get('aof_last_write_status') ?? 'not reported', 'is', 'ok', place));
  return out;
}
