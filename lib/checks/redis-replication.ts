import type { MonitorOf } from '../monitors/schema';
import { condition, type Condition } from './conditions';
import { describeError } from './net';
import type { Place } from './redis-conditions';
import { addressOf, parseInfo, withNode, type NodeFacts } from './redis-node';

type RedisMonitor = MonitorOf<'redis'>;

/** Redis's words for the roles, and ours. */
const ROLE_WORDS: Record<string, string> = { master: 'primary', slave: 'replica' };

/** The primary is asked for its offset within this, so a hung primary does not make the whole check time out. */
const PRIMARY_BUDGET_MS = 1500;

/**
 * Replication of one node: its role as expected; a replica's link to its primary up, the last contact
 * recent, and its offset close to the primary's (asked of the primary itself, at the address the
 * replica reports); a primary with enough connected replicas.
 */
export async function replicationConditions(monitor: RedisMonitor, facts: NodeFacts, place: Place, signal: AbortSignal): Promise<Condition[]> {
  if (!monitor.watchReplication) return [];
  const info = facts.info;
  const role = ROLE_WORDS[info.get('role') ?? ''] ?? info.get('role') ?? 'not reported';
  const out: Condition[] = [];
  if (monitor.expectedRole !== 'any') out.push(condition('role', role, 'is', monitor.expectedRole, place));
  if (role === 'primary') {
    out.push(condition('connected replicas', Number(info.get('connected_slaves') ?? 0), 'at least', monitor.minReplicas, place));
    return out;
  }
  if (role !== 'replica') return out;
  const link = info.get('master_link_status') ?? 'not reported';
  out.push(condition('link to the primary', link, 'is', 'up', place));
  if (link !== 'up') return out;
  const idle = Number(info.get('master_last_io_seconds_ago'));
  out.push(condition('seconds since the last contact with the primary', Number.isFinite(idle) ? idle : 'not reported', 'at most', monitor.maxLinkIdleSeconds, { ...place, unit: ' s' }));
  out.push(await offsetCondition(monitor, info, place, signal));
  return out;
}

async function offsetCondition(monitor: RedisMonitor, info: Map<string, string>, place: Place, signal: AbortSignal): Promise<Condition> {
  const name = 'replication offset behind the primary';
  const options = { ...place, unit: ' bytes' };
  const primary = { host: info.get('master_host') ?? '', port: Number(info.get('master_port')) };
  const own = Number(info.get('slave_repl_offset'));
  if (!primary.host || !Number.isInteger(primary.port) || !Number.isFinite(own)) return condition(name, 'not reported', 'at most', monitor.maxOffsetLag, options);
  const budget = AbortSignal.any([signal, AbortSignal.timeout(Math.min(PRIMARY_BUDGET_MS, monitor.timeoutMs / 2))]);
  try {
    const primaryInfo = parseInfo(await withNode(primary, monitor, budget, (client) => client.info('replication')));
    const offset = Number(primaryInfo.get('master_repl_offset'));
    return condition(name, Number.isFinite(offset) ? Math.max(0, offset - own) : 'not reported', 'at most', monitor.maxOffsetLag, options);
  } catch (error) {
    signal.throwIfAborted();
    // The link is up (judged above): a primary imalert cannot reach is a question of where imalert runs, not an outage.
    const why = budget.aborted ? 'did not answer in time' : describeError(error);
    return { ...condition(name, `not measured: the primary ${addressOf(primary)} ${why}`, 'at most', monitor.maxOffsetLag, options), ok: true };
  }
}
