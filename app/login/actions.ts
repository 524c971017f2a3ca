'use server';

import { redirect } from 'next/navigation';
import { login } from '@/lib/auth';
import { sharedContext } from '@/lib/context';
import { GENERIC_ERROR_MESSAGE, isUserError } from '@/lib/errors';
import { createLogger } from '@/lib/log';
import { isRedisUnavailable } from '../lib/api';
import { clientAddress, setSessionCookie } from '../lib/session';

export interface LoginState {
  message?: string;
  fieldErrors?: Record<string, string[]>;
}

const log = createLogger({ component: 'login' });

/** Only a path on this site: "/monitors/x", never "//evil.example" or an absolute URL. */
function safeNext(value: FormDataEntryValue | null): string {
  const next = typeof value === 'string' ? value : '';
  return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export async function loginAction(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const password = formData.get('password');
  try {
    const session = await login(sharedContext(), typeof password === 'string' ? password : '', await clientAddress());
    await setSessionCookie(session);
  } catch (error) {
    if (isUserError(error)) return { message: error.message, fieldErrors: error.fieldErrors };
    if (isRedisUnavailable(error)) return { message: 'Redis is not reachable, so nobody can log in right now.' };
    log.error('login failed', { error });
    return { message: GENERIC_ERROR_MESSAGE };
  }
  redirect(safeNext(formData.get('next')));
}
