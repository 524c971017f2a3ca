import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { revokeToken } from '@/lib/tokens';
import { callerOf, withRole } from '../../../lib/api';
import { auditApi } from '../../../lib/audit';

export const dynamic = 'force-dynamic';

/** DELETE /api/tokens/:id : revoke a token of your own (an admin: anyone's); it stops working at once. */
export const DELETE = withRole('viewer', async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const { user } = callerOf(request);
  const token = await revokeToken(sharedContext(), id, { userId: user.id, role: user.role });
  await auditApi(request, 'token.revoke', id, token.name);
  return new NextResponse(null, { status: 204 });
});
