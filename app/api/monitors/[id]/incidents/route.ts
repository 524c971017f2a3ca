import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { getIncidents } from '@/lib/results/read';
import { errorJson, withRole } from '../../../../lib/api';

export const dynamic = 'force-dynamic';

/** GET /api/monitors/:id/incidents : the latest incidents (down → up), newest first. */
export const GET = withRole('viewer', async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const ctx = sharedContext();
  if (!(await ctx.monitors.get(id))) return errorJson(404, 'No monitor with this id.');
  return NextResponse.json({ incidents: await getIncidents(ctx, id, 50) });
});
