import Link from 'next/link';
import { requireRole } from '@/app/lib/session';
import { sharedContext } from '@/lib/context';
import { listTokens } from '@/lib/tokens';
import { listUsers, ROLES, roleAtLeast } from '@/lib/users';
import { timestamp } from '@/ui/monitors/format';
import { CreateTokenForm, TokenTable } from '@/ui/settings/tokens';
import { createTokenAction, revokeTokenAction } from './actions';
import '@/ui/monitors/monitor.css';

export const metadata = { title: 'API tokens · imalert' };
export const dynamic = 'force-dynamic';

const when = (ms: number | null, none: string) => (ms ? timestamp(ms) : none);

/** The user's own API tokens; an admin also sees (and may revoke) everyone's. */
export default async function TokensPage() {
  const { user } = await requireRole('viewer');
  const ctx = sharedContext();
  const isAdmin = user.role === 'admin';
  const [own, all, users] = await Promise.all([listTokens(ctx, user.id), isAdmin ? listTokens(ctx) : [], isAdmin ? listUsers(ctx) : []]);
  const ownerName = new Map(users.map((u) => [u.id, u.name]));
  const rows = (tokens: typeof own) => tokens.map((t) => ({
    id: t.id, name: t.name, role: t.role, owner: ownerName.get(t.userId) ?? user.name, created: timestamp(t.createdAt),
    lastUsed: when(t.lastUsedAt, 'never'), expires: t.expired ? 'expired' : when(t.expiresAt, 'never'), revoke: revokeTokenAction.bind(null, t.id),
  }));
  return (
    <div className="settings-page">
      <p><Link href="/settings">← Settings</Link></p>
      <h1>API tokens</h1>
      <p className="hint">
        Call the API with <code>Authorization: Bearer imalert_…</code>. A token acts with its role, never above yours.
      </p>
      <CreateTokenForm action={createTokenAction} roles={ROLES.filter((r) => roleAtLeast(user.role, r))} />
      <section aria-labelledby="own-tokens-heading">
        <h2 id="own-tokens-heading">Your tokens</h2>
        <TokenTable rows={rows(own)} label="Your tokens" />
      </section>
      {isAdmin && (
        <section aria-labelledby="all-tokens-heading">
          <h2 id="all-tokens-heading">Everyone’s tokens</h2>
          <TokenTable rows={rows(all)} label="Everyone’s tokens" showOwner />
        </section>
      )}
    </div>
  );
}
