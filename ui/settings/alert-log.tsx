import type { AlertLogEntry } from '@/lib/alerts';
import { timestamp } from '@/ui/monitors/format';

/** Alerts, newest first: when, which monitor, what kind of alert, where its delivery got to, after how many attempts. */
export function AlertLogTable({ entries }: { entries: AlertLogEntry[] }) {
  if (!entries.length) return <p className="muted">No alerts yet.</p>;
  return (
    <div className="table-wrap">
      <table className="responsive" data-testid="alert-log">
        <thead><tr><th>When</th><th>Type</th><th>Monitor</th><th>Message</th><th>Delivery</th><th>Attempts</th><th>Last error</th></tr></thead>
        <tbody>
          {entries.map((a) => (
            <tr key={a.logId}>
              <td data-label="When">{timestamp(a.at)}</td>
              <td data-label="Type">{a.type}</td>
              <td data-label="Monitor">{a.monitorId ? <a href={`/monitors/${a.monitorId}`}>{a.monitorName}</a> : a.monitorName || 'system'}</td>
              <td data-label="Message">{a.message}</td>
              <td data-label="Delivery">{a.status}</td>
              <td data-label="Attempts" className="num">{a.attempts}</td>
              <td data-label="Last error">{a.lastError || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
