import Link from 'next/link';
import type { DashboardRow } from '@/lib/dashboard/types';
import { duration, relativeTime, timestamp } from '@/ui/monitors/format';

const STATUS_WORD = { up: 'Up', down: 'Down', pending: 'Pending' } as const;

/** `onTag`: a tag of a row was pressed (the dashboard filters by it). */
export function MonitorTable({ rows, now, onTag }: { rows: DashboardRow[]; now: number; onTag?(tag: string): void }) {
  return (
    <div className="table-wrap">
      <table className="responsive" data-testid="dashboard-table">
        <caption className="visually-hidden">Monitors</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Target</th>
            <th scope="col">Schedule</th>
            <th scope="col">Last check</th>
            <th scope="col">Duration</th>
            <th scope="col">Uptime 24 h</th>
            <th scope="col">Next run</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid="monitor-row" data-monitor-id={row.id} data-status={row.status}>
              <td data-label="Status">
                <span className={`status status-${row.status}`} title={row.lastMessage || undefined} data-testid="row-status">
                  {STATUS_WORD[row.status]}
                </span>
                {row.paused && <span className="tag">Paused</span>}
                {row.mutedUntil && <span className="tag" title={`Muted until ${timestamp(row.mutedUntil)}`}>Muted</span>}
                {row.maintenanceUntil && (
                  <span className="tag tag-maintenance" title={`In maintenance until ${timestamp(row.maintenanceUntil)}: no alerts`} data-testid="row-maintenance">Maintenance</span>
                )}
                {row.error && <span className="tag" title={row.error}>Unreadable</span>}
              </td>
              <td data-label="Name">
                <Link href={`/monitors/${row.id}`}>{row.name}</Link>
                {row.tags.map((tag) => (
                  <button key={tag} type="button" className="tag tag-button" onClick={() => onTag?.(tag)} title={`Show the monitors tagged ${tag}`} data-testid="row-tag">{tag}</button>
                ))}
              </td>
              <td data-label="Kind">{row.kindName}</td>
              <td data-label="Target" className="target">{row.target}</td>
              <td data-label="Schedule"><span title={`${row.cron} (${row.timeZone})`}>{row.schedule}</span></td>
              <td data-label="Last check"><span title={timestamp(row.lastRunAt)}>{relativeTime(row.lastRunAt, now)}</span></td>
              <td data-label="Duration" className="num">{duration(row.lastDurationMs)}</td>
              <td data-label="Uptime 24 h" className="num">{row.uptime24h === null ? '—' : `${row.uptime24h.toFixed(row.uptime24h === 100 ? 0 : 2)} %`}</td>
              <td data-label="Next run"><span title={timestamp(row.nextRunAt)}>{row.paused ? 'paused' : relativeTime(row.nextRunAt, now)}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
