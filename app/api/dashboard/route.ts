import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { dashboardPage, parseDashboardQuery } from '@/lib/dashboard';
import { withRole } from '../../lib/api';

export const dynamic = 'force-dynamic';

/** The dashboard's data, polled by the page every 2 s: one page of rows, counts, system strip. */
export const GET = withRole('viewer', async (request: Request) => {
  const query = parseDashboardQuery(new URL(request.url).searchParams);
  const page = await dashboardPage(sharedContext(), query);
  return NextResponse.json(page, { headers: { 'Cache-Control': 'no-store' } });
});
