'use client';

import { useActionState, useState } from 'react';
import { FieldErrors } from '@/ui/monitors/field';
import { emptyFormState, type FormState } from '@/ui/monitors/form-input';

type Action = (state: FormState, form: FormData) => Promise<FormState>;

/** What the page may show of a channel: its URL only masked (host and last characters). */
export interface ChannelRowData {
  id: string;
  name: string;
  maskedUrl: string;
  health: 'ok' | 'failing';
  failingSince: string | null;
  lastError: string;
  isDefault: boolean;
  tags: string[];
}

function Message({ state, id }: { state: FormState; id: string }) {
  return (
    <div id={id} aria-live="polite" className="action-message">
      {state.message && <p className={state.ok ? 'notice' : 'form-error'}>{state.message}</p>}
    </div>
  );
}

export function AddChannelForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, emptyFormState);
  return (
    <form action={formAction} className="card channel-add" aria-labelledby="add-channel-heading">
      <h3 id="add-channel-heading">Add a Slack channel</h3>
      <div className="field">
        <label htmlFor="channel-name">Name</label>
        <input id="channel-name" name="name" defaultValue={state.values?.name ?? ''} aria-describedby="channel-name-error" aria-invalid={state.errors.name ? true : undefined} />
        <FieldErrors id="channel-name-error" errors={state.errors.name} />
      </div>
      <div className="field">
        <label htmlFor="channel-url">Incoming webhook URL</label>
        <input id="channel-url" name="url" type="password" autoComplete="off" placeholder="https://hooks.slack.com/services/…" aria-describedby="channel-url-hint channel-url-error" aria-invalid={state.errors.url ? true : undefined} />
        <p id="channel-url-hint" className="hint">Stored encrypted; only its host and last characters are shown.</p>
        <FieldErrors id="channel-url-error" errors={state.errors.url} />
      </div>
      <button type="submit" className="primary" disabled={pending}>{pending ? 'Adding…' : 'Add channel'}</button>
      <Message state={state} id="add-channel-message" />
    </form>
  );
}

interface ChannelActions {
  rename: Action;
  tag: Action;
  test: Action;
  makeDefault: Action;
  changeUrl: Action;
  remove: Action;
}

export function ChannelRow({ channel, rename, tag, test, makeDefault, changeUrl, remove }: { channel: ChannelRowData } & ChannelActions) {
  const [renameState, renameAction, renaming] = useActionState(rename, emptyFormState);
  const [tagState, tagAction, tagging] = useActionState(tag, emptyFormState);
  const [testState, testAction, testing] = useActionState(test, emptyFormState);
  const [defaultState, defaultAction, settingDefault] = useActionState(makeDefault, emptyFormState);
  const [urlState, urlAction, changingUrl] = useActionState(changeUrl, emptyFormState);
  const [removeState, removeAction, removing] = useActionState(remove, emptyFormState);
  const [confirming, setConfirming] = useState(false);
  const prefix = `channel-${channel.id}`;
  return (
    <li className="card channel" data-testid={prefix}>
      <p className="channel-head">
        <strong>{channel.name}</strong> <code>{channel.maskedUrl}</code>
        {channel.isDefault && <span className="tag">default</span>}
        {channel.tags.map((t) => <span key={t} className="tag" title={`Monitors tagged ${t} alert this channel`}>#{t}</span>)}
        {channel.health === 'failing'
          ? <span className="status status-down">failing</span>
          : <span className="status status-up">ok</span>}
      </p>
      {channel.health === 'failing' && (
        <p className="form-error">Failing since {channel.failingSince ?? '?'}: {channel.lastError || 'no answer'}</p>
      )}
      <div className="action-row">
        <form action={testAction}>
          <button type="submit" disabled={testing}>{testing ? 'Sending…' : 'Send test message'}</button>
        </form>
        {!channel.isDefault && (
          <form action={defaultAction}>
            <button type="submit" disabled={settingDefault}>Make default</button>
          </form>
        )}
      </div>
      <Message state={testState} id={`${prefix}-test-message`} />
      <Message state={defaultState} id={`${prefix}-default-message`} />
      <form action={renameAction} className="inline-form">
        <div className="field">
          <label htmlFor={`${prefix}-name`}>New name for {channel.name}</label>
          <input id={`${prefix}-name`} name="name" defaultValue={channel.name} aria-describedby={`${prefix}-name-error`} />
          <FieldErrors id={`${prefix}-name-error`} errors={renameState.errors.name} />
        </div>
        <button type="submit" disabled={renaming}>Rename</button>
      </form>
      <Message state={renameState} id={`${prefix}-rename-message`} />
      <form action={tagAction} className="inline-form">
        <div className="field">
          <label htmlFor={`${prefix}-tags`}>Tags that alert {channel.name}</label>
          <input id={`${prefix}-tags`} name="tags" defaultValue={tagState.values?.tags ?? channel.tags.join(', ')} placeholder="db, prod" aria-describedby={`${prefix}-tags-error`} aria-invalid={tagState.errors.tags ? true : undefined} />
          <FieldErrors id={`${prefix}-tags-error`} errors={tagState.errors.tags} />
        </div>
        <button type="submit" disabled={tagging}>Set tags</button>
      </form>
      <Message state={tagState} id={`${prefix}-tags-message`} />
      <form action={urlAction} className="inline-form">
        <div className="field">
          <label htmlFor={`${prefix}-url`}>New webhook URL for {channel.name}</label>
          <input id={`${prefix}-url`} name="url" type="password" autoComplete="off" placeholder="https://hooks.slack.com/services/…" aria-describedby={`${prefix}-url-error`} aria-invalid={urlState.errors.url ? true : undefined} />
          <FieldErrors id={`${prefix}-url-error`} errors={urlState.errors.url} />
        </div>
        <button type="submit" disabled={changingUrl}>Change URL</button>
      </form>
      <Message state={urlState} id={`${prefix}-url-message`} />
      {!confirming ? (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>Remove…</button>
      ) : (
        <form action={removeAction} className="confirm-delete" role="alertdialog" aria-labelledby={`${prefix}-remove-text`}>
          <p id={`${prefix}-remove-text`}>
            Remove <strong>{channel.name}</strong>? Monitors that name it alert the default channel instead; alerts still waiting for it are dropped.
          </p>
          <input type="hidden" name="confirm" value="remove" />
          <button type="submit" className="danger" disabled={removing}>Yes, remove</button>{' '}
          <button type="button" onClick={() => setConfirming(false)} autoFocus>Cancel</button>
        </form>
      )}
      <Message state={removeState} id={`${prefix}-remove-message`} />
    </li>
  );
}
