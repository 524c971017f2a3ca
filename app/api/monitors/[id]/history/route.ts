import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { periodQuerySchema, parseQuery } from '@/lib/rest/query';
import { getRollups, getRuns, getUptime } from '@/lib/results/read';
import { errorJson, withRole } from '../../../../lib/api';

export const dynamic = 'force-dynamic';

/** GET /api/monitors/:id/history?period=24h|7d|90d : uptime, rollups of the period, and the runs of the last 24 h. */
export const GET = withRole('viewer', async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const { period } = parseQuery(periodQuerySchema, request.url);
  const ctx = sharedContext();
  if (!(await ctx.monitors.get(id))) return errorJson(404, 'No monitor with this id.');
  const now = Date.now();
  const [uptime, rollups, runs] = await Promise.all([getUptime(ctx, [id], period, now), getRollups(ctx, id, period, now), getRuns(ctx, id, now - 86_400_000, 500)]);
  return NextResponse.json({ period, uptime: uptime[id] ?? null, rollups, runs });
});
