import { sharedContext } from '@/lib/context';
import { INVITE_GONE_MESSAGE, readInvite } from '@/lib/users';
import { SetPasswordForm } from '@/ui/settings/set-password-form';
import { setPasswordAction } from './actions';

export const metadata = { title: 'Set your password · imalert' };
export const dynamic = 'force-dynamic';

/** The page of a one-time link: greets the user by name and lets them set a password, once. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await readInvite(sharedContext(), token);
  return (
    <main className="login-page">
      {user ? (
        <SetPasswordForm name={user.name} role={user.role} action={setPasswordAction.bind(null, token)} />
      ) : (
        <div className="card login-form">
          <h1>This link no longer works</h1>
          <p data-testid="invite-gone">{INVITE_GONE_MESSAGE}</p>
        </div>
      )}
    </main>
  );
}
