import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireRole } from '@/app/lib/session';
import { loadConfig } from '@/lib/config';
import { sharedContext } from '@/lib/context';
import { KINDS } from '@/lib/monitors';
import { maskSecrets } from '@/lib/store';
import { MonitorForm } from '@/ui/monitors/monitor-form';
import { updateMonitor } from '../../actions';
import { channelOptions } from '../../data';

import '@/ui/monitors/monitor.css';

export const metadata = { title: 'Edit monitor · imalert' };

export default async function EditMonitorPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole('editor');
  const { id } = await params;
  const monitor = await sharedContext().monitors.get(id);
  if (!monitor) notFound();
  // Secrets never reach the browser: the form gets "set / not set" and an empty input.
  const { secretsSet, ...masked } = maskSecrets(monitor);
  return (
    <div className="monitor-page">
      <p><Link href={`/monitors/${id}`}>← Back to {monitor.name}</Link></p>
      <h1>Edit {monitor.name}</h1>
      {monitor.managedByConfig ? (
        <p className="notice managed-by-config">
          A config file manages this monitor (key <code>{monitor.configKey}</code>): change the file and run <code>imalert apply</code>,
          or detach it on the <Link href={`/monitors/${id}`}>monitor page</Link> to edit it here.
        </p>
      ) : (
      <MonitorForm
        kind={monitor.kind}
        minIntervalSeconds={loadConfig().IMALERT_MIN_INTERVAL_SECONDS}
        action={updateMonitor.bind(null, id)}
        initial={masked as unknown as Record<string, unknown>}
        secretsSet={secretsSet}
        channels={await channelOptions()}
        submitLabel="Save changes"
      />
      )}
      <p className="hint">{KINDS[monitor.kind].displayName} · the kind of a monitor cannot change.</p>
    </div>
  );
}
