import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireRole } from '@/app/lib/session';
import { sharedContext } from '@/lib/context';
import { getWindow } from '@/lib/maintenance';
import { listTags } from '@/lib/store';
import { WindowForm } from '@/ui/maintenance/window-form';
import { updateWindowAction } from '../actions';
import { formValuesOf, monitorNames } from '../data';
import '@/ui/monitors/monitor.css';

export const metadata = { title: 'Edit maintenance window · imalert' };
export const dynamic = 'force-dynamic';

export default async function EditWindowPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole('viewer');
  const { id } = await params;
  const ctx = sharedContext();
  const window = await getWindow(ctx, id);
  if (!window) notFound();
  const [names, tags] = await Promise.all([monitorNames([window]), listTags(ctx)]);
  return (
    <div className="maintenance-page">
      <p><Link href="/maintenance">← Maintenance windows</Link></p>
      <h1>Edit {window.name}</h1>
      <WindowForm action={updateWindowAction.bind(null, id)} initial={formValuesOf(window, names)} tags={tags.map((t) => t.tag)} submitLabel="Save window" />
    </div>
  );
}
