import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { listMonitorsPage, parseDashboardQuery, toApiMonitor } from '@/lib/dashboard';
import { readJsonBody, withRole } from '../../lib/api';
import { auditApi } from '../../lib/audit';

export const dynamic = 'force-dynamic';

/** GET /api/monitors?status=&kind=&search=&after=&limit= : a page in name order, secrets masked. */
export const GET = withRole('viewer', async (request: Request) => {
  const query = parseDashboardQuery(new URL(request.url).searchParams);
  return NextResponse.json(await listMonitorsPage(sharedContext(), query));
});

/** POST /api/monitors: create from the same JSON the form sends (validated by the same schema). */
export const POST = withRole('editor', async (request: Request) => {
  const monitor = await sharedContext().monitors.create(await readJsonBody(request));
  await auditApi(request, 'monitor.create', monitor.id, monitor.name);
  return NextResponse.json(toApiMonitor(monitor, undefined), { status: 201, headers: { Location: `/api/monitors/${monitor.id}` } });
});
