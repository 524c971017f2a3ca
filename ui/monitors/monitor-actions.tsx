'use client';

import Link from 'next/link';
import { useActionState, useState, useSyncExternalStore } from 'react';
import { FieldErrors } from './field';
import { emptyFormState, type FormState } from './form-input';

type Action = (state: FormState, form: FormData) => Promise<FormState>;

export interface MonitorActionsProps {
  id: string;
  name: string;
  enabled: boolean;
  muted: boolean;
  /** The config file key of a monitor a file manages (no edits here), else null. */
  managedKey: string | null;
  /** Absent for a monitor with nothing to run (a Did It Run: its job's pings are its runs). */
  runNow?: Action;
  change: Action;
  duplicate: Action;
  remove: Action;
  maintain: Action;
}

function Message({ state, id }: { state: FormState; id: string }) {
  return (
    <div id={id} aria-live="polite" className="action-message">
      {state.message && <p className={state.ok ? 'notice' : 'form-error'}>{state.message}</p>}
    </div>
  );
}

const noSubscription = () => () => undefined;
const browserOffset = () => new Date().getTimezoneOffset();
const serverOffset = () => 0;

const nothingToRun: Action = async () => emptyFormState;

/** Run now, pause / resume, mute / unmute, edit, duplicate and delete (with a confirmation step). */
export function MonitorActions({ id, name, enabled, muted, managedKey, runNow, change, duplicate, remove, maintain }: MonitorActionsProps) {
  const [runState, runAction, running] = useActionState(runNow ?? nothingToRun, emptyFormState);
  const [changeState, changeAction, changing] = useActionState(change, emptyFormState);
  const [dupState, dupAction, duplicating] = useActionState(duplicate, emptyFormState);
  const [deleteState, deleteAction, deleting] = useActionState(remove, emptyFormState);
  const [maintainState, maintainAction, maintaining] = useActionState(maintain, emptyFormState);
  const [confirming, setConfirming] = useState(false);
  // The datetime input is in the browser's zone; the server needs its offset to read it.
  const offset = useSyncExternalStore(noSubscription, browserOffset, serverOffset);

  return (
    <section aria-labelledby="actions-heading" className="monitor-actions card">
      <h2 id="actions-heading">Actions</h2>
      {managedKey !== null && (
        <p className="notice managed-by-config">Managed by a config file (key <code>{managedKey}</code>): change the file and run <code>imalert apply</code>.</p>
      )}
      <div className="action-row">
        {runNow && (
          <form action={runAction}>
            <button type="submit" className="primary" disabled={running}>{running ? 'Queuing…' : 'Run now'}</button>
          </form>
        )}
        <form action={changeAction}>
          <input type="hidden" name="change" value={enabled ? 'pause' : 'resume'} />
          <button type="submit" disabled={changing}>{enabled ? 'Pause' : 'Resume'}</button>
        </form>
        {muted && (
          <form action={changeAction}>
            <input type="hidden" name="change" value="unmute" />
            <button type="submit" disabled={changing}>Unmute</button>
          </form>
        )}
        {managedKey === null && <Link className="button" href={`/monitors/${id}/edit`}>Edit</Link>}
        {managedKey !== null && (
          <form action={changeAction}>
            <input type="hidden" name="change" value="detach" />
            <button type="submit" disabled={changing} title="Make it editable here; the next apply of the file takes it back">Detach from config</button>
          </form>
        )}
      </div>
      <Message state={runState} id="run-message" />

      <form action={maintainAction}>
        <input type="hidden" name="minutes" value="60" />
        <button type="submit" disabled={maintaining}>{maintaining ? 'Starting…' : 'Maintenance for 1 hour'}</button>
      </form>
      <Message state={maintainState} id="maintenance-message" />

      <form action={changeAction} className="inline-form">
        <input type="hidden" name="change" value="mute" />
        <input type="hidden" name="tzOffset" value={offset} />
        <div className="field">
          <label htmlFor="mute-until">Mute alerts until</label>
          <input id="mute-until" name="mutedUntil" type="datetime-local" aria-describedby="mutedUntil-error" />
          <FieldErrors id="mutedUntil-error" errors={changeState.errors.mutedUntil} />
        </div>
        <button type="submit" disabled={changing}>Mute</button>
      </form>
      <Message state={changeState} id="change-message" />

      <form action={dupAction} className="inline-form">
        <div className="field">
          <label htmlFor="duplicate-name">Name of the copy</label>
          <input id="duplicate-name" name="name" defaultValue={dupState.values?.name ?? `${name} (copy)`} aria-describedby="duplicate-name-error" />
          <FieldErrors id="duplicate-name-error" errors={dupState.errors.name} />
        </div>
        <button type="submit" disabled={duplicating}>Duplicate</button>
      </form>
      <Message state={dupState} id="duplicate-message" />

      {!confirming ? (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>Delete…</button>
      ) : (
        <form action={deleteAction} className="confirm-delete" role="alertdialog" aria-labelledby="confirm-delete-text">
          <p id="confirm-delete-text">Delete <strong>{name}</strong> with its history? This cannot be undone.</p>
          <input type="hidden" name="confirm" value="delete" />
          <button type="submit" className="danger" disabled={deleting}>Yes, delete</button>{' '}
          <button type="button" onClick={() => setConfirming(false)} autoFocus>Cancel</button>
        </form>
      )}
      <Message state={deleteState} id="delete-message" />
    </section>
  );
}
