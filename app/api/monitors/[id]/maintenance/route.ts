import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { startMonitorMaintenance, viewOf } from '@/lib/maintenance';
import { readJsonBody, withRole } from '../../../../lib/api';
import { auditApi } from '../../../../lib/audit';

export const dynamic = 'force-dynamic';

/** POST /api/monitors/:id/maintenance {"minutes": 60} : maintenance for this monitor from now (a one-off window). */
export const POST = withRole('editor', async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const body = await readJsonBody(request);
  const minutes = body && typeof body === 'object' ? (body as { minutes?: unknown }).minutes : undefined;
  const window = await startMonitorMaintenance(sharedContext(), id, minutes);
  await auditApi(request, 'maintenance.start', id, window.name);
  return NextResponse.json(viewOf(window, Date.now()), { status: 201, headers: { Location: `/api/maintenance/${window.id}` } });
});
