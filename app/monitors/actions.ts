'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { auditWeb } from '@/app/lib/audit';
import { requireRole } from '@/app/lib/session';
import { sharedContext } from '@/lib/context';
import { UserError } from '@/lib/errors';
import { isMonitorKind, secretFieldsOf, takesPings } from '@/lib/monitors';
import { formToMonitorInput, muteEndFromForm, type FormState } from '@/ui/monitors/form-input';
import { setPingToken } from '@/lib/pings';
import { runNow } from '@/lib/queue/run-now';
import { startMonitorMaintenance } from '@/lib/maintenance';
import { failedFormState } from './form-state';

const secretsOf = (form: FormData) => {
  const kind = form.get('kind');
  return isMonitorKind(kind) ? secretFieldsOf(kind) : [];
};

export async function createMonitor(_state: FormState, form: FormData): Promise<FormState> {
  let id: string;
  try {
    const { user } = await requireRole('editor');
    const monitor = await sharedContext().monitors.create(formToMonitorInput(form));
    id = monitor.id;
    await auditWeb(user, 'monitor.create', id, monitor.name);
  } catch (error) {
    return failedFormState(error, 'create monitor', form, secretsOf(form));
  }
  revalidatePath('/');
  redirect(`/monitors/${id}`);
}

const MANAGED_MESSAGE = 'This monitor is managed by a config file: change the file and apply it, or detach the monitor first.';

/** Saves the edited settings; pausing and muting are kept as they are (they have their own buttons). */
export async function updateMonitor(id: string, _state: FormState, form: FormData): Promise<FormState> {
  const { monitors } = sharedContext();
  try {
    const { user } = await requireRole('editor');
    const current = await monitors.get(id);
    if (!current) throw new UserError('This monitor no longer exists.');
    if (current.managedByConfig) throw new UserError(MANAGED_MESSAGE);
    const saved = await monitors.update(id, { ...formToMonitorInput(form), enabled: current.enabled, mutedUntil: current.mutedUntil });
    await auditWeb(user, 'monitor.edit', id, saved.name);
  } catch (error) {
    return failedFormState(error, 'update monitor', form, secretsOf(form));
  }
  revalidatePath('/');
  revalidatePath(`/monitors/${id}`);
  redirect(`/monitors/${id}`);
}

/** The copy keeps every setting and secret (copied on the server); only the name is new. */
export async function duplicateMonitor(id: string, _state: FormState, form: FormData): Promise<FormState> {
  let copyId: string;
  try {
    const { user } = await requireRole('editor');
    const copy = await sharedContext().monitors.duplicate(id, String(form.get('name') ?? ''));
    copyId = copy.id;
    await auditWeb(user, 'monitor.create', copyId, `${copy.name} (a copy of ${id})`);
  } catch (error) {
    return failedFormState(error, 'duplicate monitor', form);
  }
  revalidatePath('/');
  redirect(`/monitors/${copyId}`);
}

export async function deleteMonitor(id: string, _state: FormState, form: FormData): Promise<FormState> {
  if (form.get('confirm') !== 'delete') return { errors: { confirm: ['Type delete to confirm'] }, message: 'Not deleted.' };
  try {
    const { user } = await requireRole('editor');
    const name = (await sharedContext().monitors.get(id))?.name ?? '';
    await sharedContext().monitors.remove(id);
    await auditWeb(user, 'monitor.delete', id, name);
  } catch (error) {
    return failedFormState(error, 'delete monitor');
  }
  revalidatePath('/');
  redirect('/');
}

/** Pause, resume, mute until a time, unmute, detach from its config file: one small change to the stored record. */
export async function changeMonitor(id: string, _state: FormState, form: FormData): Promise<FormState> {
  const change = form.get('change');
  try {
    const { user } = await requireRole('editor');
    if (change === 'pause') await sharedContext().monitors.patch(id, { enabled: false });
    else if (change === 'resume') await sharedContext().monitors.patch(id, { enabled: true });
    else if (change === 'unmute') await sharedContext().monitors.patch(id, { mutedUntil: null });
    else if (change === 'detach') await sharedContext().monitors.patch(id, { managedByConfig: false });
    else if (change === 'mute') await sharedContext().monitors.patch(id, { mutedUntil: muteEndFromForm(form) });
    else throw new UserError('Unknown change.');
    await auditWeb(user, `monitor.${change as 'pause' | 'resume' | 'mute' | 'unmute' | 'detach'}`, id);
  } catch (error) {
    return failedFormState(error, `${String(change)} monitor`);
  }
  revalidatePath('/');
  revalidatePath(`/monitors/${id}`);
  return { ok: true, errors: {}, message: doneMessage[String(change)] ?? 'Saved.' };
}

const doneMessage: Record<string, string> = { pause: 'Paused.', resume: 'Resumed.', mute: 'Muted.', unmute: 'Unmuted.' };

/** Runs the check at once through the jobs stream; its place on the schedule does not move. */
export async function runMonitorNow(id: string, _state: FormState, _form: FormData): Promise<FormState> {
  try {
    const { user } = await requireRole('editor');
    await runNow(sharedContext(), id);
    await auditWeb(user, 'monitor.run', id);
  } catch (error) {
    return failedFormState(error, 'run monitor now');
  }
  return { ok: true, errors: {}, message: 'Queued: the check runs now.' };
}

/** A new ping URL for a Did It Run: the old one stops working at once. */
export async function rotatePingUrl(id: string, _state: FormState, _form: FormData): Promise<FormState> {
  try {
    const { user } = await requireRole('editor');
    const monitor = await sharedContext().monitors.get(id);
    if (!monitor) throw new UserError('This monitor no longer exists.', {}, 'not-found');
    if (!takesPings(monitor.kind)) throw new UserError('Only a Did It Run monitor has a ping URL.');
    await setPingToken(sharedContext(), id);
    await auditWeb(user, 'monitor.ping-url', id, monitor.name);
  } catch (error) {
    return failedFormState(error, 'rotate ping URL');
  }
  revalidatePath(`/monitors/${id}`);
  return { ok: true, errors: {}, message: 'New ping URL made; the old one no longer works.' };
}

/** "Maintenance for 1 hour": a one-off window for this monitor, from now (alerts wait until it ends). */
export async function startMaintenanceAction(id: string, _state: FormState, form: FormData): Promise<FormState> {
  try {
    const { user } = await requireRole('editor');
    const minutes = Number(form.get('minutes') ?? 60);
    await startMonitorMaintenance(sharedContext(), id, minutes);
    await auditWeb(user, 'maintenance.start', id, `${minutes} minutes`);
  } catch (error) {
    return failedFormState(error, 'start maintenance');
  }
  revalidatePath('/');
  revalidatePath(`/monitors/${id}`);
  return { ok: true, errors: {}, message: 'In maintenance: checks run, alerts wait until the window ends.' };
}
