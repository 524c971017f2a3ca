'use client';

import Link from 'next/link';
import { useActionState, useState } from 'react';
import { emptyFormState, type FormState } from '@/ui/monitors/form-input';

export interface WindowRowData {
  id: string;
  name: string;
  /** When it runs, in words (the server formats it). */
  when: string;
  covers: string;
  state: 'active' | 'upcoming' | 'ended';
  /** "on until …", "next from …", "ended". */
  status: string;
  canEnd: boolean;
}

/** One window with its actions: edit, end now (an active one-off), delete (after a confirmation). */
export function WindowRow({ window, act }: { window: WindowRowData; act: (state: FormState, form: FormData) => Promise<FormState> }) {
  const [state, action, pending] = useActionState(act, emptyFormState);
  const [confirming, setConfirming] = useState(false);
  return (
    <tr data-testid="window-row" data-window-id={window.id} data-state={window.state}>
      <td data-label="Name">{window.name}</td>
      <td data-label="When">{window.when}</td>
      <td data-label="For">{window.covers}</td>
      <td data-label="Now"><span className={window.state === 'active' ? 'tag tag-maintenance' : 'tag'}>{window.status}</span></td>
      <td data-label="Actions">
        <div className="action-row">
          <Link className="button" href={`/maintenance/${window.id}`}>Edit</Link>
          {window.canEnd && (
            <form action={action}>
              <input type="hidden" name="do" value="end" />
              <button type="submit" disabled={pending}>End now</button>
            </form>
          )}
          {!confirming ? (
            <button type="button" className="danger" onClick={() => setConfirming(true)}>Delete…</button>
          ) : (
            <form action={action} className="confirm-delete" role="alertdialog" aria-label={`Delete ${window.name}?`}>
              <input type="hidden" name="do" value="delete" />
              <button type="submit" className="danger" disabled={pending}>Yes, delete</button>{' '}
              <button type="button" onClick={() => setConfirming(false)} autoFocus>Cancel</button>
            </form>
          )}
        </div>
        <div aria-live="polite" className="action-message">{state.message && <p className={state.ok ? 'notice' : 'form-error'}>{state.message}</p>}</div>
      </td>
    </tr>
  );
}
