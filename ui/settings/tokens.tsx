'use client';

import { useActionState } from 'react';
import { FieldErrors } from '@/ui/monitors/field';
import { emptyFormState, type FormState } from '@/ui/monitors/form-input';
import { SecretOnce } from './secret-once';

type SecretFormState = FormState & { secret?: string };

export function CreateTokenForm({ action, roles }: { action: (state: SecretFormState, form: FormData) => Promise<SecretFormState>; roles: readonly string[] }) {
  const [state, formAction, pending] = useActionState(action, emptyFormState as SecretFormState);
  return (
    <form action={formAction} className="card" aria-labelledby="create-token-heading">
      <h2 id="create-token-heading">New token</h2>
      <div className="field">
        <label htmlFor="token-name">Name</label>
        <input id="token-name" name="name" defaultValue={state.values?.name ?? ''} placeholder="deploy script" aria-describedby="token-name-error" aria-invalid={state.errors.name ? true : undefined} />
        <FieldErrors id="token-name-error" errors={state.errors.name} />
      </div>
      <div className="field">
        <label htmlFor="token-role">Role</label>
        <select id="token-role" name="role" defaultValue={state.values?.role ?? roles[0]} aria-describedby="token-role-error">
          {roles.map((role) => <option key={role} value={role}>{role}</option>)}
        </select>
        <FieldErrors id="token-role-error" errors={state.errors.role} />
      </div>
      <div className="field">
        <label htmlFor="token-days">Expires after (days)</label>
        <input id="token-days" name="expiresInDays" inputMode="numeric" defaultValue={state.values?.expiresInDays ?? ''} aria-describedby="token-days-hint token-days-error" aria-invalid={state.errors.expiresInDays ? true : undefined} />
        <p id="token-days-hint" className="hint">Empty: it never expires.</p>
        <FieldErrors id="token-days-error" errors={state.errors.expiresInDays} />
      </div>
      <button type="submit" className="primary" disabled={pending}>{pending ? 'Creating…' : 'Create token'}</button>
      <div aria-live="polite" className="action-message">
        {state.message && <p className={state.ok ? 'notice' : 'form-error'}>{state.message}</p>}
        {state.secret && <SecretOnce label="The new token" value={state.secret} testId="new-token" />}
      </div>
    </form>
  );
}

export interface TokenRowData {
  id: string;
  name: string;
  role: string;
  owner: string;
  created: string;
  lastUsed: string;
  expires: string;
  revoke: (state: FormState, form: FormData) => Promise<FormState>;
}

function TokenRow({ row, showOwner }: { row: TokenRowData; showOwner: boolean }) {
  const [state, action, pending] = useActionState(row.revoke, emptyFormState);
  return (
    <tr data-testid={`token-${row.id}`}>
      <td data-label="Name">{row.name}</td>
      {showOwner && <td data-label="Owner">{row.owner}</td>}
      <td data-label="Role">{row.role}</td>
      <td data-label="Created">{row.created}</td>
      <td data-label="Last used">{row.lastUsed}</td>
      <td data-label="Expires">{row.expires}</td>
      <td data-label="Actions">
        <form action={action}>
          <button type="submit" className="danger" disabled={pending} aria-label={`Revoke ${row.name}`}>Revoke</button>
        </form>
        <div aria-live="polite">{state.message && <p className={state.ok ? 'notice' : 'form-error'}>{state.message}</p>}</div>
      </td>
    </tr>
  );
}

export function TokenTable({ rows, label, showOwner = false }: { rows: TokenRowData[]; label: string; showOwner?: boolean }) {
  if (!rows.length) return <p className="muted">None.</p>;
  return (
    <div className="table-wrap">
      <table className="responsive" aria-label={label}>
        <thead><tr><th>Name</th>{showOwner && <th>Owner</th>}<th>Role</th><th>Created</th><th>Last used</th><th>Expires</th><th>Actions</th></tr></thead>
        <tbody>{rows.map((row) => <TokenRow key={row.id} row={row} showOwner={showOwner} />)}</tbody>
      </table>
    </div>
  );
}
