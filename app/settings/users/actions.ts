'use server';

import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { auditWeb } from '@/app/lib/audit';
import { inviteLink } from '@/app/lib/invite-link';
import { requireRole } from '@/app/lib/session';
import { failedFormState } from '@/app/monitors/form-state';
import { sharedContext } from '@/lib/context';
import { changeRole, deleteUser, inviteUser, issueInvite, setUserDisabled } from '@/lib/users';
import type { FormState } from '@/ui/monitors/form-input';
import type { SecretFormState } from '../tokens/actions';

const done = (message: string, secret?: string): SecretFormState => {
  revalidatePath('/settings/users');
  return { ok: true, errors: {}, message, secret };
};

export async function inviteAction(_state: SecretFormState, form: FormData): Promise<SecretFormState> {
  try {
    const { user } = await requireRole('admin');
    const invite = await inviteUser(sharedContext(), { name: form.get('name') ?? '', role: form.get('role') ?? '' }, user.name);
    await auditWeb(user, 'user.invite', invite.user.id, `${invite.user.name} (${invite.user.role})`);
    return done(`Invited ${invite.user.name}. Send them this link; it works once, for 72 hours.`, inviteLink(await headers(), invite.token));
  } catch (error) {
    return failedFormState(error, 'invite user', form);
  }
}

/** A new one-time link: for an invite that expired, or a user who forgot their password. */
export async function newLinkAction(id: string, _state: SecretFormState, _form: FormData): Promise<SecretFormState> {
  try {
    const { user } = await requireRole('admin');
    const invite = await issueInvite(sharedContext(), id);
    await auditWeb(user, 'user.link', id, invite.user.name);
    return done(`A new link for ${invite.user.name}; earlier links no longer work.`, inviteLink(await headers(), invite.token));
  } catch (error) {
    return failedFormState(error, 'new invite link');
  }
}

export async function changeRoleAction(id: string, _state: FormState, form: FormData): Promise<FormState> {
  try {
    const { user } = await requireRole('admin');
    const changed = await changeRole(sharedContext(), id, form.get('role'));
    await auditWeb(user, 'user.role', id, `${changed.name} → ${changed.role}`);
    return done(`${changed.name} is now ${changed.role}.`);
  } catch (error) {
    return failedFormState(error, 'change role');
  }
}

/** Disabling ends the user's sessions and tokens at once. */
export async function setDisabledAction(id: string, _state: FormState, form: FormData): Promise<FormState> {
  try {
    const { user } = await requireRole('admin');
    const disabled = form.get('disabled') === '1';
    const changed = await setUserDisabled(sharedContext(), id, disabled);
    await auditWeb(user, disabled ? 'user.disable' : 'user.enable', id, changed.name);
    return done(disabled ? `Disabled ${changed.name}: their sessions and tokens have ended.` : `Enabled ${changed.name}.`);
  } catch (error) {
    return failedFormState(error, 'disable user');
  }
}

export async function deleteUserAction(id: string, _state: FormState, form: FormData): Promise<FormState> {
  if (form.get('confirm') !== 'delete') return { errors: {}, message: 'Not deleted.' };
  try {
    const { user } = await requireRole('admin');
    await deleteUser(sharedContext(), id);
    await auditWeb(user, 'user.delete', id, String(form.get('name') ?? ''));
    return done('Deleted.');
  } catch (error) {
    return failedFormState(error, 'delete user');
  }
}
