'use client';

import { useActionState, useState } from 'react';
import { emptyFormState, type FormState } from './form-input';

export interface PingUrlProps {
  /** null: the monitor has no URL yet (its creation was cut short). */
  url: string | null;
  rotate: (state: FormState, form: FormData) => Promise<FormState>;
}

/** A Did It Run's ping URL with its /start and /fail, how to call it, and a new URL on demand. */
export function PingUrl({ url, rotate }: PingUrlProps) {
  const [state, rotateAction, rotating] = useActionState(rotate, emptyFormState);
  const [confirming, setConfirming] = useState(false);
  return (
    <section aria-labelledby="ping-heading" className="card ping-url">
      <h2 id="ping-heading">Ping URL</h2>
      {url ? (
        <>
          <p>Have the job request this URL when it has run (GET, POST or HEAD; no login). Keep it secret: anyone with it can ping.</p>
          <p><code data-testid="ping-url">{url}</code></p>
          <p className="hint">
            <code>{url}/start</code> when it starts (the run time is measured to the ping), <code>{url}/fail</code> when it failed (down at once).
          </p>
          <pre className="ping-example">{`your-backup-command && curl -fsS -m 10 --retry 3 ${url}`}</pre>
        </>
      ) : (
        <p className="form-error">This monitor has no ping URL yet. Make one below.</p>
      )}
      {!confirming ? (
        <button type="button" onClick={() => setConfirming(true)}>{url ? 'New ping URL…' : 'Make a ping URL'}</button>
      ) : (
        <form action={rotateAction} className="confirm-delete" role="alertdialog" aria-labelledby="confirm-rotate-text" onSubmit={() => setConfirming(false)}>
          <p id="confirm-rotate-text">{url ? 'The current URL stops working at once; every job must use the new one.' : 'Make the ping URL now?'}</p>
          <button type="submit" className="danger" disabled={rotating}>{url ? 'Yes, make a new URL' : 'Make it'}</button>{' '}
          <button type="button" onClick={() => setConfirming(false)} autoFocus>Cancel</button>
        </form>
      )}
      <div id="rotate-message" aria-live="polite" className="action-message">
        {state.message && <p className={state.ok ? 'notice' : 'form-error'}>{state.message}</p>}
      </div>
    </section>
  );
}
