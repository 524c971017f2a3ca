import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { createWindow, listWindows, viewOf } from '@/lib/maintenance';
import { readJsonBody, withRole } from '../../lib/api';
import { auditApi } from '../../lib/audit';

export const dynamic = 'force-dynamic';

/** GET /api/maintenance : every window, with whether it is on now (`state`, `activeUntil`) and its next start. */
export const GET = withRole('viewer', async () => NextResponse.json(await listWindows(sharedContext()), { headers: { 'Cache-Control': 'no-store' } }));

/** POST /api/maintenance : a one-off ({type: "once", startsAt, endsAt}) or recurring ({type: "recurring", cron, timeZone, durationMinutes}) window. */
export const POST = withRole('editor', async (request: Request) => {
  const window = await createWindow(sharedContext(), await readJsonBody(request));
  await auditApi(request, 'maintenance.create', window.id, window.name);
  return NextResponse.json(viewOf(window, Date.now()), { status: 201, headers: { Location: `/api/maintenance/${window.id}` } });
});
