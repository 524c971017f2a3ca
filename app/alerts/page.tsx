import Link from 'next/link';
import { requireRole } from '@/app/lib/session';
import { getAlertLog } from '@/lib/alerts';
import { sharedContext } from '@/lib/context';
import { AlertLogTable } from '@/ui/settings/alert-log';
import '@/ui/monitors/monitor.css';

export const metadata = { title: 'Alert log · imalert' };
export const dynamic = 'force-dynamic';

const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

/** Every alert sent or waiting, newest first, 50 a page. */
export default async function AlertLogPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  await requireRole('viewer');
  const { before } = await searchParams;
  const log = await getAlertLog(sharedContext(), { limit: 50, before: before && STREAM_ID.test(before) ? before : undefined });
  return (
    <div className="alerts-page">
      <h1>Alert log</h1>
      <AlertLogTable entries={log.entries} />
      <p className="pager">
        {before && <Link href="/alerts">Newest</Link>}
        {log.nextBefore && <Link href={`/alerts?before=${encodeURIComponent(log.nextBefore)}`}>Older →</Link>}
      </p>
    </div>
  );
}
