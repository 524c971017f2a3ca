'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import type { MonitorStatusView } from '@/app/monitors/status-data';
import type { PingActivity } from '@/lib/pings/ping-record';
import type { RollupPeriod } from '@/lib/results/types';
import { duration, relativeTime, timestamp } from './format';
import { ConditionTable } from './condition-table';
import { LatencyChart } from './latency-chart';

const PERIODS: RollupPeriod[] = ['24h', '7d', '90d'];

/** A Did It Run's last pings: a start waiting for its end shows as running. */
function PingFacts({ pings, now }: { pings: PingActivity; now: number }) {
  const when = (t: number | null) => (t ? `${relativeTime(t, now)} (${timestamp(t)})` : 'never');
  return (
    <dl className="facts" data-testid="ping-facts">
      <div><dt>Last success ping</dt><dd>{when(pings.succeededAt)}</dd></div>
      <div><dt>Last failure ping</dt><dd>{when(pings.failedAt)}</dd></div>
      <div><dt>Running since</dt><dd>{pings.startedAt ? when(pings.startedAt) : 'not running'}</dd></div>
      <div><dt>Last run time</dt><dd data-testid="last-run-time">{pings.runMs !== null ? duration(pings.runMs) : pings.succeededAt || pings.failedAt ? 'not measured (no /start before the last ping)' : '—'}</dd></div>
    </dl>
  );
}

async function fetchStatus(id: string, period: RollupPeriod): Promise<MonitorStatusView> {
  const response = await fetch(`/api/monitors/${encodeURIComponent(id)}/status?period=${period}`, { cache: 'no-store' });
  if (!response.ok) throw new Error(response.status === 401 ? 'Your session has ended; log in again.' : `Could not refresh (${response.status}).`);
  return response.json();
}

/** The monitor's live status, chart and history, refreshed every few seconds without a reload. */
export function MonitorLive({ initial, refreshMs = 2000 }: { initial: MonitorStatusView; refreshMs?: number }) {
  const [period, setPeriod] = useState<RollupPeriod>(initial.period);
  const query = useQuery({
    queryKey: ['monitor-status', initial.id, period],
    queryFn: () => fetchStatus(initial.id, period),
    initialData: period === initial.period ? initial : undefined,
    initialDataUpdatedAt: initial.now,
    refetchInterval: refreshMs,
  });
  const data = query.data ?? { ...initial, rollups: [], period };
  const state = data.state;
  const status = state?.status ?? 'pending';
  const muted = data.mutedUntil && data.mutedUntil > data.now;

  return (
    <section aria-labelledby="status-heading" className="monitor-live">
      <h2 id="status-heading" className="visually-hidden">Status</h2>
      <p className="status-line" data-testid="monitor-status">
        <span className={`status status-${status}`}>{status}</span>{' '}
        {state?.statusSince ? <span>since {relativeTime(state.statusSince, data.now)} ({timestamp(state.statusSince)})</span> : <span className="muted">no result yet</span>}
        {!data.enabled && <span className="tag">paused</span>}
        {muted && <span className="tag">muted until {timestamp(data.mutedUntil)}</span>}
        {data.maintenanceUntil && <span className="tag tag-maintenance" data-testid="monitor-maintenance">maintenance until {timestamp(data.maintenanceUntil)}</span>}
      </p>
      {query.error && <p className="form-error" role="alert">{(query.error as Error).message}</p>}
      <dl className="facts">
        <div><dt>{data.takesPings ? 'Last result' : 'Last check'}</dt><dd>{relativeTime(state?.lastRunAt, data.now)}</dd></div>
        {!data.takesPings && <div><dt>Last duration</dt><dd>{duration(state?.lastDurationMs)}</dd></div>}
        <div><dt>Last message</dt><dd data-testid="last-message">{state?.lastMessage || '—'}</dd></div>
        <div><dt>{data.takesPings ? 'Next deadline' : 'Next run'}</dt><dd>{data.enabled ? relativeTime(data.nextRunAt, data.now) : 'paused'}</dd></div>
        <div><dt>Uptime (24 h)</dt><dd data-testid="uptime">{data.uptimePct === null ? 'no data yet' : `${data.uptimePct.toFixed(2)} %`}</dd></div>
      </dl>
      <ConditionTable details={state?.lastDetails} />
      {data.pings && <PingFacts pings={data.pings} now={data.now} />}

      {data.windows.length > 0 && (
        <>
          <h2>Maintenance windows</h2>
          <ul className="maintenance-list" data-testid="monitor-windows">
            {data.windows.map((w) => (
              <li key={w.id}>
                <Link href="/maintenance">{w.name}</Link>: {w.state === 'active' ? `on until ${timestamp(w.activeUntil)}` : `next from ${timestamp(w.nextStartsAt)}`}
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>{data.takesPings ? 'Run time' : 'Check duration'}</h2>
      <div role="group" aria-label="Chart period" className="period-buttons">
        {PERIODS.map((p) => (
          <button key={p} type="button" aria-pressed={p === period} className={p === period ? 'primary' : ''} onClick={() => setPeriod(p)}>{p}</button>
        ))}
      </div>
      <LatencyChart points={data.rollups} period={period} now={data.now} />

      <h2>Recent runs</h2>
      {data.runs.length === 0 ? <p className="muted">No runs yet.</p> : (
        <div className="table-wrap">
          <table className="responsive">
            <thead><tr><th>When</th><th>Result</th><th>Duration</th><th>Trigger</th><th>Message</th></tr></thead>
            <tbody>
              {data.runs.slice(0, 20).map((r) => (
                <tr key={`${r.t}-${r.id ?? ''}`}>
                  <td data-label="When">{timestamp(r.t)}</td>
                  <td data-label="Result">{r.skip ? `skipped` : r.ok ? 'ok' : 'failed'}</td>
                  <td data-label="Duration" className="num">{duration(r.d)}</td>
                  <td data-label="Trigger">{r.trigger ?? '—'}</td>
                  <td data-label="Message">{r.skip ?? r.msg ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Incidents</h2>
      {data.incidents.length === 0 ? <p className="muted">No incidents.</p> : (
        <ul className="incidents">
          {data.incidents.map((i) => (
            <li key={i.id}>
              {timestamp(i.start)} — {i.end ? `${timestamp(i.end)} (down ${duration(i.end - i.start)})` : <strong>ongoing</strong>}: {i.firstMessage}
            </li>
          ))}
        </ul>
      )}

      <h2>Alerts</h2>
      {data.alerts.length === 0 ? <p className="muted">No alerts yet.</p> : (
        <div className="table-wrap">
          <table className="responsive">
            <thead><tr><th>When</th><th>Type</th><th>Delivery</th><th>Attempts</th><th>Message</th></tr></thead>
            <tbody>
              {data.alerts.map((a) => (
                <tr key={a.id}>
                  <td data-label="When">{timestamp(a.at)}</td>
                  <td data-label="Type">{a.type}</td>
                  <td data-label="Delivery">{a.delivery}{a.detail ? ` (${a.detail})` : ''}</td>
                  <td data-label="Attempts" className="num">{a.attempts}</td>
                  <td data-label="Message">{a.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
