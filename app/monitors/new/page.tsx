import Link from 'next/link';
import { requireRole } from '@/app/lib/session';
import { loadConfig } from '@/lib/config';
import { isMonitorKind, KINDS, MONITOR_KINDS } from '@/lib/monitors';
import { MonitorForm } from '@/ui/monitors/monitor-form';
import { createMonitor } from '../actions';
import { channelOptions } from '../data';

import '@/ui/monitors/monitor.css';

export const metadata = { title: 'New monitor · imalert' };

const KIND_SUMMARY: Record<string, string> = {
  redis: 'Connection, key count and IOPS of a Redis server or cluster',
  elastic: 'Cluster health of Elasticsearch',
  remind: 'A message to Slack on a schedule',
  http: 'An HTTP(S) URL answers 2xx with the expected text',
  tcp: 'A TCP port accepts connections',
  latency: 'TCP connect time stays under a maximum',
  heartbeat: 'A scheduled job (backup, cron job, batch run) pings its URL each time it runs',
};

export default async function NewMonitorPage({ searchParams }: { searchParams: Promise<{ kind?: string }> }) {
  await requireRole('editor');
  const { kind } = await searchParams;
  if (!isMonitorKind(kind)) {
    return (
      <div className="monitor-page">
        <h1>New monitor</h1>
        <p>What should imalert watch?</p>
        <ul className="kind-list">
          {MONITOR_KINDS.map((k) => (
            <li key={k}>
              <Link href={`/monitors/new?kind=${k}`}>{KINDS[k].displayName}</Link> — {KIND_SUMMARY[k]}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <div className="monitor-page">
      <p><Link href="/monitors/new">← Choose another kind</Link></p>
      <h1>New {KINDS[kind].displayName} monitor</h1>
      <MonitorForm
        key={kind}
        kind={kind}
        minIntervalSeconds={loadConfig().IMALERT_MIN_INTERVAL_SECONDS}
        action={createMonitor}
        channels={await channelOptions()}
        submitLabel="Create monitor"
      />
    </div>
  );
}
