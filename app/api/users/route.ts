import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { inviteUser, listUsers } from '@/lib/users';
import { callerOf, readJsonBody, withRole } from '../../lib/api';
import { auditApi } from '../../lib/audit';
import { inviteLink } from '../../lib/invite-link';

export const dynamic = 'force-dynamic';

/** GET /api/users : every user with role and status (admins). */
export const GET = withRole('admin', async () => NextResponse.json({ users: await listUsers(sharedContext()) }, { headers: { 'Cache-Control': 'no-store' } }));

/** POST /api/users {name, role} : invite someone; the answer holds their one-time link, once. */
export const POST = withRole('admin', async (request: Request) => {
  const invite = await inviteUser(sharedContext(), await readJsonBody(request), callerOf(request).user.name);
  await auditApi(request, 'user.invite', invite.user.id, `${invite.user.name} (${invite.user.role})`);
  return NextResponse.json(
    { user: invite.user, inviteUrl: inviteLink(request.headers, invite.token), expiresAt: invite.expiresAt },
    { status: 201, headers: { Location: `/api/users/${invite.user.id}`, 'Cache-Control': 'no-store' } },
  );
});
