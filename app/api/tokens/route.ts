import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { createToken, listTokens } from '@/lib/tokens';
import { callerOf, errorJson, readJsonBody, withRole } from '../../lib/api';
import { auditApi } from '../../lib/audit';

export const dynamic = 'force-dynamic';

/** GET /api/tokens : your tokens; an admin may ask for everyone's (?user=all) or one user's (?user=<id>). */
export const GET = withRole('viewer', async (request: Request) => {
  const { user } = callerOf(request);
  const wanted = new URL(request.url).searchParams.get('user');
  if (wanted && wanted !== user.id && user.role !== 'admin') return errorJson(403, 'Only an admin may list the tokens of others.');
  const tokens = await listTokens(sharedContext(), wanted === 'all' ? undefined : (wanted ?? user.id));
  return NextResponse.json({ tokens }, { headers: { 'Cache-Control': 'no-store' } });
});

/** POST /api/tokens {name, role, expiresInDays?} : a token of your own; the answer holds it, once. */
export const POST = withRole('viewer', async (request: Request) => {
  const { user } = callerOf(request);
  const { token, view } = await createToken(sharedContext(), { userId: user.id, role: user.role }, await readJsonBody(request));
  await auditApi(request, 'token.create', view.id, `${view.name} (${view.role})`);
  return NextResponse.json({ token, ...view }, { status: 201, headers: { Location: `/api/tokens/${view.id}`, 'Cache-Control': 'no-store' } });
});
