import { NextResponse } from 'next/server';
import { getAlertLog } from '@/lib/alerts';
import { sharedContext } from '@/lib/context';
import { pageQuerySchema, parseQuery } from '@/lib/rest/query';
import { withRole } from '../../lib/api';

export const dynamic = 'force-dynamic';

/** GET /api/alerts?before=&limit= : the alert log, newest first, with each alert's delivery. */
export const GET = withRole('viewer', async (request: Request) => {
  const { before, limit } = parseQuery(pageQuerySchema, request.url);
  return NextResponse.json(await getAlertLog(sharedContext(), { before, limit }));
});
