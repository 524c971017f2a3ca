'use client';

import { useActionState, useState } from 'react';
import { FieldErrors } from '@/ui/monitors/field';
import { emptyFormState, type FormState } from '@/ui/monitors/form-input';
import { SecretOnce } from './secret-once';

type SecretFormState = FormState & { secret?: string };
type Action<S = FormState> = (state: S, form: FormData) => Promise<S>;

function Message({ state }: { state: SecretFormState }) {
  return (
    <div aria-live="polite" className="action-message">
      {state.message && <p className={state.ok ? 'notice' : 'form-error'}>{state.message}</p>}
      {state.secret && <SecretOnce label="The link" value={state.secret} testId="invite-link" />}
    </div>
  );
}

export function InviteForm({ action, roles }: { action: Action<SecretFormState>; roles: readonly string[] }) {
  const [state, formAction, pending] = useActionState(action, emptyFormState as SecretFormState);
  return (
    <form action={formAction} className="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <div className="field">
        <label htmlFor="invite-name">User name</label>
        <input id="invite-name" name="name" autoCapitalize="none" defaultValue={state.ok ? '' : (state.values?.name ?? '')} aria-describedby="invite-name-error" aria-invalid={state.errors.name ? true : undefined} />
        <FieldErrors id="invite-name-error" errors={state.errors.name} />
      </div>
      <div className="field">
        <label htmlFor="invite-role">Role</label>
        <select id="invite-role" name="role" defaultValue={state.values?.role ?? 'viewer'} aria-describedby="invite-role-error">
          {roles.map((role) => <option key={role} value={role}>{role}</option>)}
        </select>
        <FieldErrors id="invite-role-error" errors={state.errors.role} />
      </div>
      <button type="submit" className="primary" disabled={pending}>{pending ? 'Inviting…' : 'Invite'}</button>
      <Message state={state} />
    </form>
  );
}

export interface UserRowData {
  id: string;
  name: string;
  role: string;
  status: 'active' | 'invited' | 'disabled';
  created: string;
  inviteExpires: string | null;
  isMe: boolean;
}

interface UserActions {
  changeRole: Action;
  setDisabled: Action;
  newLink: Action<SecretFormState>;
  remove: Action;
}

export function UserRow({ user, roles, changeRole, setDisabled, newLink, remove }: { user: UserRowData; roles: readonly string[] } & UserActions) {
  const [roleState, roleAction, changingRole] = useActionState(changeRole, emptyFormState);
  const [disableState, disableAction, disabling] = useActionState(setDisabled, emptyFormState);
  const [linkState, linkAction, linking] = useActionState(newLink, emptyFormState as SecretFormState);
  const [removeState, removeAction, removing] = useActionState(remove, emptyFormState);
  const [confirming, setConfirming] = useState(false);
  const prefix = `user-${user.id}`;
  return (
    <tr data-testid={prefix}>
      <td data-label="Name"><strong>{user.name}</strong>{user.isMe && ' (you)'}</td>
      <td data-label="Role">
        <form action={roleAction} className="action-row">
          <label htmlFor={`${prefix}-role`} className="visually-hidden">Role of {user.name}</label>
          <select key={user.role} id={`${prefix}-role`} name="role" defaultValue={user.role}>
            {roles.map((role) => <option key={role} value={role}>{role}</option>)}
          </select>
          <button type="submit" disabled={changingRole}>Save role</button>
        </form>
        <Message state={roleState} />
      </td>
      <td data-label="Status">
        {user.status}
        {user.status === 'invited' && <span className="hint"> ({user.inviteExpires ? `link works until ${user.inviteExpires}` : 'link expired'})</span>}
      </td>
      <td data-label="Created">{user.created}</td>
      <td data-label="Actions">
        <div className="action-row">
          <form action={disableAction}>
            <input type="hidden" name="disabled" value={user.status === 'disabled' ? '0' : '1'} />
            <button type="submit" disabled={disabling}>{user.status === 'disabled' ? 'Enable' : 'Disable'}</button>
          </form>
          {user.status !== 'disabled' && (
            <form action={linkAction}>
              <button type="submit" disabled={linking}>{user.status === 'invited' ? 'New invite link' : 'Password link'}</button>
            </form>
          )}
          {!confirming && <button type="button" className="danger" onClick={() => setConfirming(true)}>Delete…</button>}
        </div>
        {confirming && (
          <form action={removeAction} className="confirm-delete" role="alertdialog" aria-labelledby={`${prefix}-delete-text`}>
            <p id={`${prefix}-delete-text`}>Delete <strong>{user.name}</strong> and their tokens? They are logged out at once.</p>
            <input type="hidden" name="confirm" value="delete" />
            <input type="hidden" name="name" value={user.name} />
            <button type="submit" className="danger" disabled={removing}>Yes, delete</button>{' '}
            <button type="button" onClick={() => setConfirming(false)} autoFocus>Cancel</button>
          </form>
        )}
        <Message state={disableState} />
        <Message state={linkState} />
        <Message state={removeState} />
      </td>
    </tr>
  );
}
