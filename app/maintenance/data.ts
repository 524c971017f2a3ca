import { sharedContext } from '@/lib/context';
import type { MaintenanceWindow, WindowView } from '@/lib/maintenance';
import { describeCron } from '@/lib/schedule';
import type { WindowFormValues } from '@/ui/maintenance/window-form';
import type { WindowRowData } from '@/ui/maintenance/window-list';
import { timestamp } from '@/ui/monitors/format';

/** The names of the monitors windows list, by id (a deleted one shows its id). */
export async function monitorNames(windows: MaintenanceWindow[]): Promise<Map<string, string>> {
  const ids = [...new Set(windows.flatMap((w) => w.monitorIds))];
  const listed = await sharedContext().monitors.getMany(ids);
  return new Map(listed.map((m) => [m.id, m.monitor?.name ?? `${m.id} (deleted)`]));
}

function covers(w: MaintenanceWindow, names: Map<string, string>): string {
  if (w.appliesTo === 'all') return 'All monitors';
  if (w.appliesTo === 'tag') return `Tag ${w.tag}`;
  const listed = w.monitorIds.slice(0, 5).map((id) => names.get(id) ?? id).join(', ');
  return w.monitorIds.length > 5 ? `${listed} and ${w.monitorIds.length - 5} more` : listed;
}

export function rowOf(w: WindowView, names: Map<string, string>): WindowRowData {
  const when = w.type === 'once'
    ? `${timestamp(w.startsAt)} – ${timestamp(w.endsAt)}`
    : `${describeCron(w.cron)} (${w.cron}, ${w.timeZone}), for ${w.durationMinutes} min`;
  const status = w.state === 'active' ? `on until ${timestamp(w.activeUntil)}` : w.state === 'upcoming' ? `next from ${timestamp(w.nextStartsAt)}` : 'ended';
  return { id: w.id, name: w.name, when, covers: covers(w, names), state: w.state, status, canEnd: w.type === 'once' && w.state === 'active' };
}

export const NEW_WINDOW: WindowFormValues = {
  name: '', type: 'once', startsAt: null, endsAt: null, cron: '', timeZone: 'UTC', durationMinutes: '60', appliesTo: 'all', tag: '', monitorNames: '',
};

export function formValuesOf(w: MaintenanceWindow, names: Map<string, string>): WindowFormValues {
  return {
    name: w.name, type: w.type, appliesTo: w.appliesTo, tag: w.tag ?? '', monitorNames: w.monitorIds.map((id) => names.get(id) ?? id).join('\n'),
    startsAt: w.type === 'once' ? w.startsAt : null, endsAt: w.type === 'once' ? w.endsAt : null,
    cron: w.type === 'recurring' ? w.cron : '', timeZone: w.type === 'recurring' ? w.timeZone : 'UTC', durationMinutes: w.type === 'recurring' ? String(w.durationMinutes) : '60',
  };
}
