'use client';

import { useActionState } from 'react';
import { loginAction, type LoginState } from './actions';

export function LoginForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<LoginState, FormData>(loginAction, {});
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
