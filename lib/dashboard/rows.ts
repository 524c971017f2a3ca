import type { AppContext } from '../context';
import { maintenanceEnd, type WindowView } from '../maintenance/occurrences';
import { KINDS, isMonitorKind, kindDisplayName, type Monitor } from '../monitors';
import { describeCron } from '../schedule';
import { getStates, getUptime, type MonitorState } from '../results';
import type { DashboardRow } from './types';

type Ctx = Pick<AppContext, 'redis' | 'keys' | 'monitors'>;

const num = (v: string | number | null | undefined): number | null => (v === undefined || v === null || v === '' ? null : Number(v));

/** The rows of one page: record, state, uptime and next run of each id, read in parallel; `windows` at `now`. */
export async function buildRows(ctx: Ctx, ids: string[], now = Date.now(), windows: readonly WindowView[] = []): Promise<DashboardRow[]> {
  if (!ids.length) return [];
  const [listed, states, uptimes, nextRuns] = await Promise.all([
    ctx.monitors.getMany(ids),
    getStates(ctx, ids),
    getUptime(ctx, ids, '24h', now),
    ctx.redis.zmscore(ctx.keys.schedule, ...ids),
  ]);
  return listed.map(({ id, monitor, error }, i) => {
    const base = stateColumns(states[i].state);
    if (!monitor) {
      return { id, name: id, kind: '', kindName: '', target: '', cron: '', timeZone: '', schedule: '', paused: false, mutedUntil: null, maintenanceUntil: null, tags: [], uptime24h: null, nextRunAt: null, ...base, error: error ?? 'unreadable' };
    }
    return {
      id,
      name: monitor.name,
      kind: monitor.kind,
      kindName: kindDisplayName(monitor.kind),
      target: targetOf(monitor),
      cron: monitor.cron,
      timeZone: monitor.timeZone,
      schedule: describeCron(monitor.cron),
      paused: !monitor.enabled,
      mutedUntil: monitor.mutedUntil && monitor.mutedUntil > now ? monitor.mutedUntil : null,
      maintenanceUntil: maintenanceEnd(windows, monitor),
      tags: monitor.tags,
      uptime24h: roundPct(uptimes[id]?.uptimePct ?? null),
      nextRunAt: monitor.enabled ? num(nextRuns[i] ?? undefined) : null,
      ...base,
    };
  });
}

function stateColumns(state: MonitorState | undefined): Pick<DashboardRow, 'status' | 'statusSince' | 'lastRunAt' | 'lastDurationMs' | 'lastMessage'> {
  return {
    status: state?.status ?? 'pending',
    statusSince: num(state?.statusSince),
    lastRunAt: num(state?.lastRunAt),
    lastDurationMs: num(state?.lastDurationMs),
    lastMessage: (state?.lastMessage ?? '').slice(0, 300),
  };
}

const roundPct = (pct: number | null) => (pct === null ? null : Math.round(pct * 100) / 100);

function targetOf(monitor: Monitor): string {
  if (!isMonitorKind(monitor.kind)) return '';
  return (KINDS[monitor.kind].target as (m: Monitor) => string)(monitor);
}
