import { requireRole } from '@/app/lib/session';
import { sharedContext } from '@/lib/context';
import { listWindows } from '@/lib/maintenance';
import { listTags } from '@/lib/store';
import { WindowForm } from '@/ui/maintenance/window-form';
import { WindowRow } from '@/ui/maintenance/window-list';
import { createWindowAction, windowAction } from './actions';
import { monitorNames, NEW_WINDOW, rowOf } from './data';
import '@/ui/monitors/monitor.css';

export const metadata = { title: 'Maintenance · imalert' };
export const dynamic = 'force-dynamic';

export default async function MaintenancePage() {
  await requireRole('viewer');
  const ctx = sharedContext();
  const [{ windows, errors }, tags] = await Promise.all([listWindows(ctx), listTags(ctx)]);
  const names = await monitorNames(windows);
  return (
    <div className="maintenance-page">
      <h1>Maintenance windows</h1>
      <p className="hint">
        During a window checks still run and are stored, but no DOWN, re-notify or RESOLVED is sent for what starts inside it; a
        monitor still down when the window ends alerts once then. Workers learn a new or changed window within a few seconds.
      </p>
      {errors.length > 0 && <p className="banner banner-error" role="alert">{errors.length} stored window(s) cannot be read: {errors.map((e) => e.id).join(', ')}.</p>}
      {windows.length === 0 ? <p className="muted">No maintenance windows.</p> : (
        <div className="table-wrap">
          <table className="responsive" data-testid="windows-table">
            <thead><tr><th>Name</th><th>When</th><th>For</th><th>Now</th><th>Actions</th></tr></thead>
            <tbody>{windows.map((w) => <WindowRow key={w.id} window={rowOf(w, names)} act={windowAction.bind(null, w.id)} />)}</tbody>
          </table>
        </div>
      )}
      <h2>New window</h2>
      <WindowForm action={createWindowAction} initial={NEW_WINDOW} tags={tags.map((t) => t.tag)} submitLabel="Create window" />
    </div>
  );
}
