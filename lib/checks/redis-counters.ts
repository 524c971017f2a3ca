import type { MonitorOf } from '../monitors/schema';
import { condition, type Condition } from './conditions';
import type { Place } from './redis-conditions';
import type { NodeFacts } from './redis-node';
import type { CounterStore } from './types';

type RedisMonitor = MonitorOf<'redis'>;

/** Counters INFO gives since the server started; this run's values minus the last run's are the deltas. */
const COUNTERS = { rejected: 'rejected_connections', evicted: 'evicted_keys' } as const;

/** Said in place of a delta when there is nothing to subtract: not a failure, the next run measures it. */
export const NO_BASELINE = 'no earlier sample yet (first run, or the server restarted)';
const UNAVAILABLE = "not measured: imalert's counter store did not answer";

const baseline = (name: string, threshold: number, measured: string, place: Place, unit?: string): Condition =>
  ({ ...condition(name, measured, 'at most', threshold, { ...place, unit }), ok: true });

/**
 * Rejected connections and evicted keys per second since the last run of this monitor, per node. The
 * last run's counters come from the store; a restart of the node (another run_id, or a counter that
 * went down) starts counting anew rather than report a negative or a whole lifetime as one interval.
 */
export async function counterConditions(monitor: RedisMonitor, facts: NodeFacts, node: string, place: Place, store: CounterStore | undefined): Promise<Condition[]> {
  if (!monitor.watchRejected && !monitor.watchEvictions) return [];
  const rejectedName = 'rejected connections since the last run';
  const evictedName = 'evicted keys per second since the last run';
  const judge = (delta: { rejected: number; evicted: number; seconds: number } | string): Condition[] => {
    const out: Condition[] = [];
    if (monitor.watchRejected) {
      out.push(typeof delta === 'string' ? baseline(rejectedName, monitor.maxRejected, delta, place) : condition(rejectedName, delta.rejected, 'at most', monitor.maxRejected, place));
    }
    if (monitor.watchEvictions) {
      out.push(typeof delta === 'string' ? baseline(evictedName, monitor.maxEvictionsPerSec, delta, place, '/s')
        : condition(evictedName, delta.evicted / delta.seconds, 'at most', monitor.maxEvictionsPerSec, { ...place, unit: '/s' }));
    }
    return out;
  };
  const sample = {
    run: facts.info.get('run_id') ?? '',
    at: String(Number(facts.info.get('server_time_usec') ?? Date.now() * 1000) / 1000),
    rejected: facts.info.get(COUNTERS.rejected) ?? '',
    evicted: facts.info.get(COUNTERS.evicted) ?? '',
  };
  if (!store) return judge(UNAVAILABLE);
  let previous: Record<string, string> | undefined;
  try {
    previous = await store.swap(monitor.id, node, sample);
  } catch {
    return judge(UNAVAILABLE);
  }
  const delta = (field: 'rejected' | 'evicted') => Number(sample[field]) - Number(previous?.[field]);
  const seconds = (Number(sample.at) - Number(previous?.at)) / 1000;
  const restarted = !previous || previous.run !== sample.run || delta('rejected') < 0 || delta('evicted') < 0;
  if (restarted || !(seconds > 0) || !Number.isFinite(delta('rejected') + delta('evicted'))) return judge(NO_BASELINE);
  return judge({ rejected: delta('rejected'), evicted: delta('evicted'), seconds });
}
