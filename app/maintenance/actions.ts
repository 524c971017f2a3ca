'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { auditWeb } from '@/app/lib/audit';
import { requireRole } from '@/app/lib/session';
import { failedFormState } from '@/app/monitors/form-state';
import { sharedContext } from '@/lib/context';
import { UserError } from '@/lib/errors';
import { createWindow, endWindowNow, removeWindow, updateWindow } from '@/lib/maintenance';
import { formToWindowInput } from '@/ui/maintenance/form-input';
import type { FormState } from '@/ui/monitors/form-input';

const input = (form: FormData) => {
  const { monitors } = sharedContext();
  return formToWindowInput(form, (name) => monitors.findIdByName(name));
};

const done = (message: string): FormState => {
  revalidatePath('/maintenance');
  revalidatePath('/');
  return { ok: true, errors: {}, message };
};

export async function createWindowAction(_state: FormState, form: FormData): Promise<FormState> {
  try {
    const { user } = await requireRole('editor');
    const window = await createWindow(sharedContext(), await input(form));
    await auditWeb(user, 'maintenance.create', window.id, window.name);
    return done(`Saved “${window.name}”.`);
  } catch (error) {
    return failedFormState(error, 'create maintenance window', form);
  }
}

export async function updateWindowAction(id: string, _state: FormState, form: FormData): Promise<FormState> {
  try {
    const { user } = await requireRole('editor');
    const window = await updateWindow(sharedContext(), id, await input(form));
    await auditWeb(user, 'maintenance.edit', id, window.name);
  } catch (error) {
    return failedFormState(error, 'update maintenance window', form);
  }
  done('Saved.');
  redirect('/maintenance');
}

/** Ends an active one-off window now, or deletes a window (after the page asked to confirm). */
export async function windowAction(id: string, _state: FormState, form: FormData): Promise<FormState> {
  try {
    const { user } = await requireRole('editor');
    if (form.get('do') === 'end') {
      await endWindowNow(sharedContext(), id);
      await auditWeb(user, 'maintenance.end', id);
      return done('Ended: alerts held back by it follow at each monitor’s next run.');
    }
    if (form.get('do') !== 'delete') throw new UserError('Unknown action.');
    if (!(await removeWindow(sharedContext(), id))) throw new UserError('This maintenance window no longer exists.');
    await auditWeb(user, 'maintenance.delete', id);
    return done('Deleted.');
  } catch (error) {
    return failedFormState(error, 'maintenance window action');
  }
}
