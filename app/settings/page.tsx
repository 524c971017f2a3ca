import Link from 'next/link';
import { requireRole } from '@/app/lib/session';
import { getAlertLog, listChannels } from '@/lib/alerts';
import { sharedContext } from '@/lib/context';
import { countDeadLetters, listDeadLetters } from '@/lib/queue/dead-letters';
import { roleAtLeast } from '@/lib/users/schema';
import { timestamp } from '@/ui/monitors/format';
import { AlertLogTable } from '@/ui/settings/alert-log';
import { AddChannelForm, ChannelRow } from '@/ui/settings/channels';
import { DeadLetterRow } from '@/ui/settings/dead-letters';
import { addChannelAction, changeChannelUrlAction, deadLetterAction, removeChannelAction, renameChannelAction, setChannelTagsAction, setDefaultChannelAction, testChannelAction } from './actions';
import '@/ui/monitors/monitor.css';

export const metadata = { title: 'Settings · imalert' };
export const dynamic = 'force-dynamic';

export default async function SettingsPage() {
  const { user } = await requireRole('viewer');
  const isAdmin = user.role === 'admin';
  const canEdit = roleAtLeast(user.role, 'editor');
  const ctx = sharedContext();
  const [channels, deadLetters, deadCount, log] = await Promise.all([
    listChannels(ctx),
    listDeadLetters(ctx, { count: 50 }),
    countDeadLetters(ctx),
    getAlertLog(ctx, { limit: 10 }),
  ]);
  const names = await ctx.monitors.getMany([...new Set(deadLetters.map((d) => d.monitorId))]);
  const nameOf = new Map(names.map((n) => [n.id, n.monitor?.name ?? `${n.id} (deleted)`]));

  return (
    <div className="settings-page">
      <h1>Settings</h1>
      <nav aria-label="Settings" className="action-row">
        <Link href="/settings/tokens">API tokens</Link>
        {isAdmin && <Link href="/settings/users">Users</Link>}
        {isAdmin && <Link href="/settings/audit">Audit log</Link>}
      </nav>

      <section aria-labelledby="channels-heading">
        <h2 id="channels-heading">Alert channels</h2>
        <p className="hint">Monitors that name no channel alert the default channel. A channel attached to tags also gets the alerts of every monitor with one of them.</p>
        {channels.length === 0 && <p className="muted">No channel yet: alerts wait until you add one.</p>}
        <ul className="channel-list">
          {channels.map((c) => !isAdmin ? (
            <li key={c.id} className="card channel" data-testid={`channel-${c.id}`}>
              <p className="channel-head">
                <strong>{c.name}</strong> <code>{c.maskedUrl}</code> {c.isDefault && <span className="tag">default</span>}
                <span className={`status status-${c.health === 'failing' ? 'down' : 'up'}`}>{c.health}</span>
              </p>
            </li>
          ) : (
            <ChannelRow
              key={c.id}
              channel={{ id: c.id, name: c.name, maskedUrl: c.maskedUrl, health: c.health, failingSince: c.failingSince ? timestamp(c.failingSince) : null, lastError: c.lastError, isDefault: c.isDefault, tags: c.tags }}
              rename={renameChannelAction.bind(null, c.id)}
              tag={setChannelTagsAction.bind(null, c.id)}
              test={testChannelAction.bind(null, c.id)}
              makeDefault={setDefaultChannelAction.bind(null, c.id)}
              changeUrl={changeChannelUrlAction.bind(null, c.id)}
              remove={removeChannelAction.bind(null, c.id)}
            />
          ))}
        </ul>
        {isAdmin ? <AddChannelForm action={addChannelAction} /> : <p className="hint">Only an admin can change alert channels.</p>}
      </section>

      <section aria-labelledby="dead-heading">
        <h2 id="dead-heading">Dead letters ({deadCount})</h2>
        <p className="hint">Jobs that failed too many deliveries (a crash or a timeout of the job itself, not a failed check).</p>
        {deadLetters.length === 0 ? <p className="muted">None.</p> : (
          <div className="table-wrap">
            <table className="responsive">
              <thead><tr><th>Monitor</th><th>Fire time</th><th>Dead since</th><th>Deliveries</th><th>Last error</th><th>Actions</th></tr></thead>
              <tbody>
                {deadLetters.map((d) => (
                  <DeadLetterRow
                    key={d.id}
                    letter={{ id: d.id, monitorId: d.monitorId, monitorName: nameOf.get(d.monitorId) ?? d.monitorId, fireTime: timestamp(d.fireTime), deadAt: timestamp(d.deadAt), deliveries: d.deliveries, lastError: d.lastError }}
                    act={canEdit ? deadLetterAction.bind(null, d.id) : undefined}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="alerts-heading" id="alerts">
        <h2 id="alerts-heading">Latest alerts</h2>
        <AlertLogTable entries={log.entries} />
        <p><Link href="/alerts">The whole alert log →</Link></p>
      </section>
    </div>
  );
}
