import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireSession } from '@/app/lib/session';
import { sharedContext } from '@/lib/context';
import { maskSecrets } from '@/lib/store';
import { MonitorActions } from '@/ui/monitors/monitor-actions';
import { MonitorConfig } from '@/ui/monitors/monitor-config';
import { MonitorLive } from '@/ui/monitors/monitor-live';
import { changeMonitor, deleteMonitor, duplicateMonitor, runMonitorNow, startMaintenanceAction } from '../actions';
import { channelOptions } from '../data';
import { loadMonitorStatus } from '../status-data';
import '@/ui/monitors/monitor.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return { title: `Monitor ${id} · imalert` };
}

export default async function MonitorPage({ params }: { params: Promise<{ id: string }> }) {
  await requireSession();
  const { id } = await params;
  const monitor = await sharedContext().monitors.get(id);
  const [status, channels] = monitor ? await Promise.all([loadMonitorStatus(id, '24h'), channelOptions()]) : [null, []];
  if (!monitor || !status) notFound();
  const { secretsSet, ...masked } = maskSecrets(monitor);
  return (
    <div className="monitor-page">
      <p><Link href="/">← Dashboard</Link></p>
      <h1>{monitor.name}</h1>
      <div className="monitor-layout">
        <div className="monitor-main">
          <MonitorLive initial={status} />
        </div>
        <div className="monitor-side">
          <MonitorActions
            id={id}
            name={monitor.name}
            enabled={monitor.enabled}
            muted={Boolean(monitor.mutedUntil && monitor.mutedUntil > status.now)}
            runNow={runMonitorNow.bind(null, id)}
            change={changeMonitor.bind(null, id)}
            duplicate={duplicateMonitor.bind(null, id)}
            remove={deleteMonitor.bind(null, id)}
            maintain={startMaintenanceAction.bind(null, id)}
          />
          <MonitorConfig monitor={masked as typeof monitor} secretsSet={secretsSet} channelNames={Object.fromEntries(channels.map((c) => [c.id, c.name]))} />
        </div>
      </div>
    </div>
  );
}
