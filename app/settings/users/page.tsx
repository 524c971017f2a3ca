import Link from 'next/link';
import { requireRole } from '@/app/lib/session';
import { sharedContext } from '@/lib/context';
import { listUsers, ROLES } from '@/lib/users';
import { timestamp } from '@/ui/monitors/format';
import { InviteForm, UserRow } from '@/ui/settings/users';
import { changeRoleAction, deleteUserAction, inviteAction, newLinkAction, setDisabledAction } from './actions';
import '@/ui/monitors/monitor.css';

export const metadata = { title: 'Users · imalert' };
export const dynamic = 'force-dynamic';

/** Users and their roles (admins): invite, change a role, disable, delete, send a new link. */
export default async function UsersPage() {
  const { user: me } = await requireRole('admin');
  const users = await listUsers(sharedContext());
  return (
    <div className="settings-page">
      <p><Link href="/settings">← Settings</Link></p>
      <h1>Users</h1>
      <p className="hint">Viewers see everything and change nothing; editors also change monitors; admins also channels, users and the audit log.</p>
      <InviteForm action={inviteAction} roles={ROLES} />
      <div className="table-wrap">
        <table className="responsive" aria-label="Users">
          <thead><tr><th>Name</th><th>Role</th><th>Status</th><th>Created</th><th>Actions</th></tr></thead>
          <tbody>
            {users.map((u) => (
              <UserRow
                key={u.id}
                user={{ ...u, created: `${timestamp(u.createdAt)} by ${u.createdBy}`, inviteExpires: u.inviteExpiresAt ? timestamp(u.inviteExpiresAt) : null, isMe: u.id === me.id }}
                roles={ROLES}
                changeRole={changeRoleAction.bind(null, u.id)}
                setDisabled={setDisabledAction.bind(null, u.id)}
                newLink={newLinkAction.bind(null, u.id)}
                remove={deleteUserAction.bind(null, u.id)}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
