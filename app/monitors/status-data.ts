import { sharedContext } from '@/lib/context';
import { getMonitorAlerts } from '@/lib/alerts';
import { takesPings } from '@/lib/monitors';
import { readPingActivity, type PingActivity } from '@/lib/pings';
import { appliesTo, listWindows, maintenanceEnd, type WindowState } from '@/lib/maintenance';
import { getIncidents, getRollups, getRuns, getStates, getUptime } from '@/lib/results/read';
import type { Incident, MonitorState, RollupPeriod, RollupPoint, RunEntry } from '@/lib/results/types';

export const ROLLUP_PERIODS: RollupPeriod[] = ['24h', '7d', '90d'];

export function rollupPeriodOf(value: string | null | undefined): RollupPeriod {
  return ROLLUP_PERIODS.includes(value as RollupPeriod) ? (value as RollupPeriod) : '24h';
}

export interface MonitorAlertView {
  id: string;
  type: string;
  at: number;
  message: string;
  delivery: string;
  attempts: number;
  detail?: string;
}

/** A maintenance window that covers the monitor and has not ended. */
export interface MonitorWindowView {
  id: string;
  name: string;
  state: WindowState;
  activeUntil: number | null;
  nextStartsAt: number | null;
}

/** Everything the monitor page refreshes live. No secret is in here: it is sent to the browser. */
export interface MonitorStatusView {
  id: string;
  name: string;
  /** Whether its job pings it (a Did It Run): then `pings` holds the last start, success, failure and run time. */
  takesPings: boolean;
  pings: PingActivity | null;
  enabled: boolean;
  mutedUntil: number | null;
  /** The end of the maintenance it is in now (alerts wait until then), or null. */
  maintenanceUntil: number | null;
  windows: MonitorWindowView[];
  state: MonitorState | null;
  nextRunAt: number | null;
  uptimePct: number | null;
  period: RollupPeriod;
  rollups: RollupPoint[];
  runs: RunEntry[];
  incidents: Incident[];
  alerts: MonitorAlertView[];
  now: number;
}

/** The live part of the monitor page, or null when the monitor does not exist. */
export async function loadMonitorStatus(id: string, period: RollupPeriod): Promise<MonitorStatusView | null> {
  const ctx = sharedContext();
  const monitor = await ctx.monitors.get(id);
  if (!monitor) return null;
  const now = Date.now();
  const pinged = takesPings(monitor.kind);
  const [nextRun, [stateEntry], uptime, rollups, runs, incidents, alerts, pings, maintenance] = await Promise.all([
    ctx.redis.zscore(ctx.keys.schedule, id),
    getStates(ctx, [id]),
    getUptime(ctx, [id], '24h', now),
    getRollups(ctx, id, period, now),
    getRuns(ctx, id, now - 86_400_000, 50),
    getIncidents(ctx, id, 20),
    getMonitorAlerts(ctx, id, 20),
    pinged ? readPingActivity(ctx, id) : null,
    listWindows(ctx, now),
  ]);
  const covering = maintenance.windows.filter((w) => w.state !== 'ended' && appliesTo(w, monitor));
  return {
    id,
    name: monitor.name,
    takesPings: pinged,
    pings,
    enabled: monitor.enabled,
    mutedUntil: monitor.mutedUntil,
    maintenanceUntil: maintenanceEnd(covering, monitor),
    windows: covering.map((w) => ({ id: w.id, name: w.name, state: w.state, activeUntil: w.activeUntil, nextStartsAt: w.nextStartsAt })),
    state: stateEntry?.state ?? null,
    nextRunAt: nextRun === null ? null : Number(nextRun),
    uptimePct: uptime[id]?.uptimePct ?? null,
    period,
    rollups,
    runs,
    incidents,
    alerts: alerts.map((a) => ({
      id: a.alertId,
      type: a.type,
      at: a.at,
      message: a.message,
      delivery: a.status,
      attempts: a.attempts,
      detail: a.lastError || undefined,
    })),
    now,
  };
}
