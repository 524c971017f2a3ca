'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireSession } from '@/app/lib/session';
import { sharedContext } from '@/lib/context';
import { UserError } from '@/lib/errors';
import { isMonitorKind, secretFieldsOf } from '@/lib/monitors';
import { formToMonitorInput, muteEndFromForm, type FormState } from '@/ui/monitors/form-input';
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
    await requireSession();
    id = (await sharedContext().monitors.create(formToMonitorInput(form))).id;
  } catch (error) {
    return failedFormState(error, 'create monitor', form, secretsOf(form));
  }
  revalidatePath('/');
  redirect(`/monitors/${id}`);
}

/** Saves the edited settings; pausing and muting are kept as they are (they have their own buttons). */
export async function updateMonitor(id: string, _state: FormState, form: FormData): Promise<FormState> {
  const { monitors } = sharedContext();
  try {
    await requireSession();
    const current = await monitors.get(id);
    if (!current) throw new UserError('This monitor no longer exists.');
    await monitors.update(id, { ...formToMonitorInput(form), enabled: current.enabled, mutedUntil: current.mutedUntil });
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
    await requireSession();
    copyId = (await sharedContext().monitors.duplicate(id, String(form.get('name') ?? ''))).id;
  } catch (error) {
    return failedFormState(error, 'duplicate monitor', form);
  }
  revalidatePath('/');
  redirect(`/monitors/${copyId}`);
}

export async function deleteMonitor(id: string, _state: FormState, form: FormData): Promise<FormState> {
  if (form.get('confirm') !== 'delete') return { errors: { confirm: ['Type delete to confirm'] }, message: 'Not deleted.' };
  try {
    await requireSession();
    await sharedContext().monitors.remove(id);
  } catch (error) {
    return failedFormState(error, 'delete monitor');
  }
  revalidatePath('/');
  redirect('/');
}

/** Pause, resume, mute until a time, unmute: one small change to the stored record. */
export async function changeMonitor(id: string, _state: FormState, form: FormData): Promise<FormState> {
  const change = form.get('change');
  try {
    await requireSession();
    if (change === 'pause') await sharedContext().monitors.patch(id, { enabled: false });
    else if (change === 'resume') await sharedContext().monitors.patch(id, { enabled: true });
    else if (change === 'unmute') await sharedContext().monitors.patch(id, { mutedUntil: null });
    else if (change === 'mute') await sharedContext().monitors.patch(id, { mutedUntil: muteEndFromForm(form) });
    else throw new UserError('Unknown change.');
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
    await requireSession();
    await runNow(sharedContext(), id);
  } catch (error) {
    return failedFormState(error, 'run monitor now');
  }
  return { ok: true, errors: {}, message: 'Queued: the check runs now.' };
}

/** "Maintenance for 1 hour": a one-off window for this monitor, from now (alerts wait until it ends). */
export async function startMaintenanceAction(id: string, _state: FormState, form: FormData): Promise<FormState> {
  try {
    await requireSession();
    const minutes = Number(form.get('minutes') ?? 60);
    await startMonitorMaintenance(sharedContext(), id, minutes);
  } catch (error) {
    return failedFormState(error, 'start maintenance');
  }
  revalidatePath('/');
  revalidatePath(`/monitors/${id}`);
  return { ok: true, errors: {}, message: 'In maintenance: checks run, alerts wait until the window ends.' };
}
