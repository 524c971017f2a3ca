'use server';

import { redirect } from 'next/navigation';
import { auditWeb } from '@/app/lib/audit';
import { setSessionCookie } from '@/app/lib/session';
import { failedFormState } from '@/app/monitors/form-state';
import { createSession } from '@/lib/auth';
import { sharedContext } from '@/lib/context';
import { UserError } from '@/lib/errors';
import { redeemInvite } from '@/lib/users';
import type { FormState } from '@/ui/monitors/form-input';
import { MAX_PASSWORD_LENGTH, PASSWORD_TOO_LONG } from '../../login/limits';

/** Sets the password through the one-time link, then logs the user in. */
export async function setPasswordAction(token: string, _state: FormState, form: FormData): Promise<FormState> {
  const password = String(form.get('password') ?? '');
  try {
    if (password.length > MAX_PASSWORD_LENGTH) throw new UserError(PASSWORD_TOO_LONG, { password: [PASSWORD_TOO_LONG] });
    if (password !== form.get('again')) throw new UserError('The two passwords differ.', { again: ['Type the same password again'] });
    const ctx = sharedContext();
    const user = await redeemInvite(ctx, token, password);
    await setSessionCookie({ ...(await createSession(ctx, user)), user });
    await auditWeb(user, 'user.password', user.id, 'through a one-time link');
  } catch (error) {
    return failedFormState(error, 'set password through link');
  }
  redirect('/');
}
