'use client';

import { useActionState } from 'react';
import { loginAction, type LoginState } from './actions';
import { MAX_PASSWORD_LENGTH, PASSWORD_TOO_LONG } from './limits';

/** A password past the limit is not sent at all: its body could be over the server's action limit. */
async function submitLogin(previous: LoginState, formData: FormData): Promise<LoginState> {
  const password = formData.get('password');
  if (typeof password === 'string' && password.length > MAX_PASSWORD_LENGTH) return { message: PASSWORD_TOO_LONG };
  return loginAction(previous, formData);
}

export function LoginForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<LoginState, FormData>(submitLogin, {});
  const passwordError = state.fieldErrors?.password?.[0];
  return (
    <form action={action} className="card login-form" aria-labelledby="login-title">
      <h1 id="login-title">Log in to imalert</h1>
      <input type="hidden" name="next" value={next} />
      <div className="field">
        <label htmlFor="password">Admin password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          autoFocus
          aria-invalid={Boolean(passwordError) || undefined}
          aria-describedby="login-message"
        />
      </div>
      <p id="login-message" className="form-error" role="alert" aria-live="polite" data-testid="login-error">
        {state.message ?? ''}
      </p>
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? 'Logging in…' : 'Log in'}
      </button>
    </form>
  );
}
