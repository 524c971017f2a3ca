import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { issueInvite } from '@/lib/users';
import { withRole } from '../../../../lib/api';
import { auditApi } from '../../../../lib/audit';
import { inviteLink } from '../../../../lib/invite-link';

export const dynamic = 'force-dynamic';

/** POST /api/users/:id/invite : a new one-time link to set the password; an earlier link stops working. */
export const POST = withRole('admin', async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const invite = await issueInvite(sharedContext(), id);
  await auditApi(request, 'user.link', id, invite.user.name);
  return NextResponse.json({ user: invite.user, inviteUrl: inviteLink(request.headers, invite.token), expiresAt: invite.expiresAt }, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
