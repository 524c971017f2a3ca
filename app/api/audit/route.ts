import { NextResponse } from 'next/server';
import { parseAuditQuery, readAudit } from '@/lib/audit';
import { sharedContext } from '@/lib/context';
import { withRole } from '../../lib/api';

export const dynamic = 'force-dynamic';

/** GET /api/audit?user=&action=&before=&limit= : the audit log, newest first (admins). */
export const GET = withRole('admin', async (request: Request) => {
  const query = parseAuditQuery(new URL(request.url).searchParams);
  return NextResponse.json(await readAudit(sharedContext(), query), { headers: { 'Cache-Control': 'no-store' } });
});
