import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireRole } from '@/app/lib/session';
import { sharedContext } from '@/lib/context';
import { takesPings } from '@/lib/monitors';
import { maskSecrets } from '@/lib/store';
import { roleAtLeast } from '@/lib/users/schema';
import { MonitorActions } from '@/ui/monitors/monitor-actions';
import { MonitorConfig } from '@/ui/monitors/monitor-config';
import { MonitorLive } from '@/ui/monitors/monitor-live';
import { PingUrl } from '@/ui/monitors/ping-url';
import { changeMonitor, deleteMonitor, duplicateMonitor, rotatePingUrl, runMonitorNow, startMaintenanceAction } from '../actions';
import { channelOptions } from '../data';
import { loadPingUrl } from '../ping-data';
import { loadMonitorStatus } from '../status-data';
import '@/ui/monitors/monitor.css';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return { title: `Monitor ${id} · imalert` };
}

export default async function MonitorPage({ params }: { params: Promise<{ id: string }> }) {
  const { user } = await requireRole('viewer');
  const { id } = await params;
  const monitor = await sharedContext().monitors.get(id);
  const pinged = monitor ? takesPings(monitor.kind) : false;
  const [status, channels, pingUrl] = monitor ? await Promise.all([loadMonitorStatus(id, '24h'), channelOptions(), pinged ? loadPingUrl(id) : null]) : [null, [], null];
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
          {roleAtLeast(user.role, 'editor') && <MonitorActions
            id={id}
            name={monitor.name}
            enabled={monitor.enabled}
            muted={Boolean(monitor.mutedUntil && monitor.mutedUntil > status.now)}
            managedKey={monitor.managedByConfig ? monitor.configKey ?? '' : null}
            runNow={pinged ? undefined : runMonitorNow.bind(null, id)}
            change={changeMonitor.bind(null, id)}
            duplicate={duplicateMonitor.bind(null, id)}
            remove={deleteMonitor.bind(null, id)}
            maintain={startMaintenanceAction.bind(null, id)}
          />}
          {pinged && roleAtLeast(user.role, 'editor') && <PingUrl url={pingUrl} rotate={rotatePingUrl.bind(null, id)} />}
          <MonitorConfig monitor={masked as typeof monitor} secretsSet={secretsSet} channelNames={Object.fromEntries(channels.map((c) => [c.id, c.name]))} />
        </div>
      </div>
    </div>
  );
}
