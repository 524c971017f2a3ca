'use client';

import { useActionState, useState, type FormEvent } from 'react';
import { loginAction, type LoginState } from './actions';
import { MAX_PASSWORD_LENGTH, PASSWORD_TOO_LONG } from './limits';

/** A password past the limit is not sent: its body could be over the server's action limit. */
function overLongPassword(event: FormEvent<HTMLFormElement>): boolean {
  const password = new FormData(event.currentTarget).get('password');
  return typeof password === 'string' && password.length > MAX_PASSWORD_LENGTH;
}

export function LoginForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<LoginState, FormData>(loginAction, {});
  const [tooLong, setTooLong] = useState(false);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const over = overLongPassword(event);
    setTooLong(over);
    if (over) event.preventDefault();
  };
  const passwordError = state.fieldErrors?.password?.[0];
  return (
    <form action={action} onSubmit={onSubmit} className="card login-form" aria-labelledby="login-title">
      <h1 id="login-title">Log in to imalert</h1>
      <input type="hidden" name="next" value={next} />
      <div className="field">
        <label htmlFor="name">User name</label>
        <input id="name" name="name" autoComplete="username" autoCapitalize="none" spellCheck={false} required autoFocus maxLength={100} />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={Boolean(passwordError) || undefined}
          aria-describedby="login-message"
        />
      </div>
      <p id="login-message" className="form-error" role="alert" aria-live="polite" data-testid="login-error">
        {tooLong ? PASSWORD_TOO_LONG : (state.message ?? '')}
      </p>
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? 'Logging in…' : 'Log in'}
      </button>
    </form>
  );
}
