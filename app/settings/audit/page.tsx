import Link from 'next/link';
import { requireRole } from '@/app/lib/session';
import { AUDIT_ACTIONS, AUDIT_GROUPS, parseAuditQuery, readAudit, type AuditQuery } from '@/lib/audit';
import { sharedContext } from '@/lib/context';
import { isUserError } from '@/lib/errors';
import { timestamp } from '@/ui/monitors/format';
import '@/ui/monitors/monitor.css';

export const metadata = { title: 'Audit log · imalert' };
export const dynamic = 'force-dynamic';

type Search = Record<string, string | string[] | undefined>;

/** Who changed what and when (admins): newest first, filtered by user and action, 50 a page. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireRole('admin');
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  let query: AuditQuery;
  let problem = '';
  try {
    query = parseAuditQuery({ user: raw.user, action: raw.action, before: raw.before });
  } catch (error) {
    if (!isUserError(error)) throw error;
    problem = `${error.message} Showing everything instead.`;
    query = parseAuditQuery({});
  }
  const { entries, nextBefore } = await readAudit(sharedContext(), query);
  const older = new URLSearchParams({ ...(query.user ? { user: query.user } : {}), ...(query.action ? { action: query.action } : {}), ...(nextBefore ? { before: nextBefore } : {}) });
  return (
    <div className="settings-page">
      <p><Link href="/settings">← Settings</Link></p>
      <h1>Audit log</h1>
      <form method="get" className="inline-form" aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="audit-user">User</label>
          <input id="audit-user" name="user" defaultValue={query.user ?? ''} autoCapitalize="none" />
        </div>
        <div className="field">
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" name="action" defaultValue={query.action ?? ''}>
            <option value="">any</option>
            {AUDIT_GROUPS.map((group) => <option key={group} value={group}>{`${group}: all`}</option>)}
            {AUDIT_ACTIONS.map((action) => <option key={action} value={action}>{action}</option>)}
          </select>
        </div>
        <button type="submit">Filter</button>
      </form>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {entries.length === 0 ? <p className="muted">No entries.</p> : (
        <div className="table-wrap">
          <table className="responsive" aria-label="Audit log" data-testid="audit-log">
            <thead><tr><th>When</th><th>User</th><th>Action</th><th>What</th><th>Detail</th><th>Through</th></tr></thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td data-label="When">{timestamp(e.at)}</td>
                  <td data-label="User">{e.actor}</td>
                  <td data-label="Action"><code>{e.action}</code></td>
                  <td data-label="What">{e.target}</td>
                  <td data-label="Detail">{e.detail}</td>
                  <td data-label="Through">{e.via}{e.client ? ` from ${e.client}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="pager">
        {raw.before && <Link href={`/settings/audit?${new URLSearchParams({ ...(query.user ? { user: query.user } : {}), ...(query.action ? { action: query.action } : {}) })}`}>Newest</Link>}
        {nextBefore && <Link href={`/settings/audit?${older}`}>Older →</Link>}
      </p>
    </div>
  );
}
