'use server';

import { redirect } from 'next/navigation';
import { login } from '@/lib/auth';
import { sharedContext } from '@/lib/context';
import { GENERIC_ERROR_MESSAGE, isRedisUnavailable, isUserError } from '@/lib/errors';
import { isRedisOutOfMemory } from '@/lib/redis';
import { createLogger } from '@/lib/log';
import { clientAddress, setSessionCookie } from '../lib/session';
import { MAX_PASSWORD_LENGTH, PASSWORD_TOO_LONG } from './limits';
import { safeNextPath } from './safe-next';

export interface LoginState {
  message?: string;
  fieldErrors?: Record<string, string[]>;
}

const log = createLogger({ component: 'login' });

export async function loginAction(_previous: LoginState, formData: FormData): Promise<LoginState> {
  const password = formData.get('password');
  const name = formData.get('name');
  if (typeof password === 'string' && password.length > MAX_PASSWORD_LENGTH) return { message: PASSWORD_TOO_LONG };
  try {
    const session = await login(sharedContext(), typeof name === 'string' ? name : '', typeof password === 'string' ? password : '', await clientAddress());
    await setSessionCookie(session);
  } catch (error) {
    if (isUserError(error)) return { message: error.message, fieldErrors: error.fieldErrors };
    if (isRedisUnavailable(error)) return { message: 'Redis is not reachable, so nobody can log in right now.' };
    if (isRedisOutOfMemory(error)) return { message: 'Redis is out of memory, so no new login can be stored right now.' };
    log.error('login failed', { error });
    return { message: GENERIC_ERROR_MESSAGE };
  }
  redirect(safeNextPath(formData.get('next')));
}
