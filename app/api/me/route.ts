import { NextResponse } from 'next/server';
import { callerOf, withRole } from '../../lib/api';

export const dynamic = 'force-dynamic';

/** GET /api/me : who the session or token speaks for, with which role (a quick check for scripts). */
export const GET = withRole('viewer', async (request: Request) => {
  const { user, via, tokenId } = callerOf(request);
  return NextResponse.json({ user, via, ...(tokenId ? { tokenId } : {}) }, { headers: { 'Cache-Control': 'no-store' } });
});
