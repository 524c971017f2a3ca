'use client';

import { useActionState } from 'react';
import { FieldErrors } from '@/ui/monitors/field';
import { emptyFormState, type FormState } from '@/ui/monitors/form-input';

/** The form of a one-time link: a password, typed twice. */
export function SetPasswordForm({ name, role, action }: { name: string; role: string; action: (state: FormState, form: FormData) => Promise<FormState> }) {
  const [state, formAction, pending] = useActionState(action, emptyFormState);
  return (
    <form action={formAction} className="card login-form" aria-labelledby="set-password-title">
      <h1 id="set-password-title">Welcome, {name}</h1>
      <p>Set a password to log in to imalert as <strong>{name}</strong> ({role}).</p>
      <input type="hidden" name="name" value={name} autoComplete="username" />
      <div className="field">
        <label htmlFor="new-password">New password</label>
        <input id="new-password" name="password" type="password" autoComplete="new-password" required minLength={8} autoFocus aria-describedby="new-password-error" aria-invalid={state.errors.password ? true : undefined} />
        <FieldErrors id="new-password-error" errors={state.errors.password} />
      </div>
      <div className="field">
        <label htmlFor="new-password-again">The same password again</label>
        <input id="new-password-again" name="again" type="password" autoComplete="new-password" required aria-describedby="again-error" aria-invalid={state.errors.again ? true : undefined} />
        <FieldErrors id="again-error" errors={state.errors.again} />
      </div>
      <p className="form-error" role="alert" aria-live="polite" data-testid="set-password-error">{state.ok ? '' : state.message}</p>
      <button type="submit" className="button primary" disabled={pending}>{pending ? 'Saving…' : 'Set password and log in'}</button>
    </form>
  );
}
