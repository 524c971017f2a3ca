import { describeCron } from '@/lib/schedule';
import { KINDS, type Monitor } from '@/lib/monitors';
import { ALERT_FIELDS, KIND_FIELDS } from './field-specs';

/** The stored settings as a list; a secret shows only whether it is set. Takes a masked monitor. */
export function MonitorConfig({ monitor, secretsSet, channelNames }: { monitor: Monitor; secretsSet: Record<string, boolean>; channelNames: Record<string, string> }) {
  const values = monitor as unknown as Record<string, unknown>;
  const show = (name: string, type: string) => {
    if (name in secretsSet) return secretsSet[name] ? 'set (hidden)' : 'not set';
    const v = values[name];
    if (type === 'checkbox') return v ? 'on' : 'off';
    const text = Array.isArray(v) ? v.join(', ') : v;
    return text === '' || text === undefined || text === null ? '—' : String(text);
  };
  return (
    <section aria-labelledby="config-heading" className="card monitor-config">
      <h2 id="config-heading">Settings</h2>
      <dl className="facts">
        <div><dt>Kind</dt><dd>{KINDS[monitor.kind].displayName}</dd></div>
        <div><dt>Target</dt><dd>{(KINDS[monitor.kind].target as (m: Monitor) => string)(monitor)}</dd></div>
        <div><dt>Tags</dt><dd data-testid="monitor-tags">{monitor.tags.length ? monitor.tags.map((tag) => <span key={tag} className="tag">{tag}</span>) : '—'}</dd></div>
        <div><dt>Schedule</dt><dd title={monitor.cron}>{describeCron(monitor.cron)} <code>{monitor.cron}</code> ({monitor.timeZone})</dd></div>
        {KIND_FIELDS[monitor.kind].map((f) => <div key={f.name}><dt>{f.label}</dt><dd>{show(f.name, f.type)}</dd></div>)}
        {ALERT_FIELDS.map((f) => <div key={f.name}><dt>{f.label}</dt><dd>{show(f.name, f.type)}</dd></div>)}
        <div><dt>Alert channels</dt><dd>{monitor.channelIds.length ? monitor.channelIds.map((id) => channelNames[id] ?? `${id} (removed)`).join(', ') : 'the default channel'}</dd></div>
      </dl>
    </section>
  );
}
