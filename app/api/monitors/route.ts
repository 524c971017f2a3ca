import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { listMonitorsPage, parseDashboardQuery, toApiMonitor } from '@/lib/dashboard';
import { readJsonBody, withSession } from '../../lib/api';

export const dynamic = 'force-dynamic';

/** GET /api/monitors?status=&kind=&search=&after=&limit= : a page in name order, secrets masked. */
export const GET = withSession(async (request: Request) => {
  const query = parseDashboardQuery(new URL(request.url).searchParams);
  return NextResponse.json(await listMonitorsPage(sharedContext(), query));
});

/** POST /api/monitors: create from the same JSON the form sends (validated by the same schema). */
export const POST = withSession(async (request: Request) => {
  const monitor = await sharedContext().monitors.create(await readJsonBody(request));
  return NextResponse.json(toApiMonitor(monitor, undefined), { status: 201, headers: { Location: `/api/monitors/${monitor.id}` } });
});
