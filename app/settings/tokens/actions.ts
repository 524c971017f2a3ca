'use server';

import { revalidatePath } from 'next/cache';
import { auditWeb } from '@/app/lib/audit';
import { requireRole } from '@/app/lib/session';
import { failedFormState } from '@/app/monitors/form-state';
import { sharedContext } from '@/lib/context';
import { createToken, revokeToken } from '@/lib/tokens';
import type { FormState } from '@/ui/monitors/form-input';

/** A form's result that may carry a secret to show once (a new token, a new link). */
export type SecretFormState = FormState & { secret?: string };

/** The form posts text; the schema takes a number of days or nothing (text that is no number is its error). */
function daysFrom(form: FormData): unknown {
  const days = String(form.get('expiresInDays') ?? '').trim();
  if (days === '') return null;
  return /^\d{1,6}$/.test(days) ? Number(days) : days;
}

export async function createTokenAction(_state: SecretFormState, form: FormData): Promise<SecretFormState> {
  try {
    const { user } = await requireRole('viewer');
    const input = { name: form.get('name') ?? '', role: form.get('role') ?? '', expiresInDays: daysFrom(form) };
    const { token, view } = await createToken(sharedContext(), { userId: user.id, role: user.role }, input);
    await auditWeb(user, 'token.create', view.id, `${view.name} (${view.role})`);
    revalidatePath('/settings/tokens');
    return { ok: true, errors: {}, message: `Created “${view.name}”. Copy the token now: it is not shown again.`, secret: token };
  } catch (error) {
    return failedFormState(error, 'create token', form);
  }
}

/** Revokes a token of the user's own; an admin may revoke anyone's. */
export async function revokeTokenAction(id: string, _state: FormState, _form: FormData): Promise<FormState> {
  try {
    const { user } = await requireRole('viewer');
    const token = await revokeToken(sharedContext(), id, { userId: user.id, role: user.role });
    await auditWeb(user, 'token.revoke', id, token.name);
    revalidatePath('/settings/tokens');
    return { ok: true, errors: {}, message: `Revoked “${token.name}”.` };
  } catch (error) {
    return failedFormState(error, 'revoke token');
  }
}
