import { describeCron } from '@/lib/schedule';
import { KINDS, type Monitor } from '@/lib/monitors';
import { ALERT_FIELDS, groupBySection, KIND_FIELDS, type FieldSpec } from './field-specs';

const LONG_TEXT = 120;

/** The stored settings as a list; a secret shows only whether it is set. Takes a masked monitor. */
export function MonitorConfig({ monitor, secretsSet, channelNames }: { monitor: Monitor; secretsSet: Record<string, boolean>; channelNames: Record<string, string> }) {
  const values = monitor as unknown as Record<string, unknown>;
  const show = ({ name, type, options }: FieldSpec) => {
    if (name in secretsSet) return secretsSet[name] ? 'set (hidden)' : 'not set';
    const v = values[name];
    if (type === 'checkbox') return v ? 'on' : 'off';
    if (type === 'select') return options?.find((o) => o.value === v)?.label ?? String(v ?? '—');
    const text = Array.isArray(v) ? v.join(', ') : v;
    if (text === '' || text === undefined || text === null) return '—';
    // A pasted certificate or a long body: its start says enough here.
    return type === 'textarea' && String(text).length > LONG_TEXT ? `${String(text).slice(0, LONG_TEXT)}…` : String(text);
  };
  return (
    <section aria-labelledby="config-heading" className="card monitor-config">
      <h2 id="config-heading">Settings</h2>
      <dl className="facts">
        <div><dt>Kind</dt><dd>{KINDS[monitor.kind].displayName}</dd></div>
        <div><dt>Target</dt><dd>{(KINDS[monitor.kind].target as (m: Monitor) => string)(monitor)}</dd></div>
        <div><dt>Tags</dt><dd data-testid="monitor-tags">{monitor.tags.length ? monitor.tags.map((tag) => <span key={tag} className="tag">{tag}</span>) : '—'}</dd></div>
        <div><dt>Schedule</dt><dd title={monitor.cron}>{describeCron(monitor.cron)} <code>{monitor.cron}</code> ({monitor.timeZone})</dd></div>
        {groupBySection(KIND_FIELDS[monitor.kind]).flatMap(({ section, fields }) => {
          // A section whose switches are all off is one line, not a list of unused thresholds.
          const switches = fields.filter((f) => f.type === 'checkbox');
          if (section && switches.length > 0 && !switches.some((f) => values[f.name])) return [<div key={section.title}><dt>{section.title}</dt><dd>off</dd></div>];
          return fields.map((f) => <div key={f.name}><dt>{f.label}</dt><dd>{show(f)}</dd></div>);
        })}
        {ALERT_FIELDS.map((f) => <div key={f.name}><dt>{f.label}</dt><dd>{show(f)}</dd></div>)}
        <div><dt>Alert channels</dt><dd>{monitor.channelIds.length ? monitor.channelIds.map((id) => channelNames[id] ?? `${id} (removed)`).join(', ') : 'the default channel'}</dd></div>
      </dl>
    </section>
  );
}
