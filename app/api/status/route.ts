import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { statusCounts, systemStatus } from '@/lib/dashboard/system';
import { withRole } from '../../lib/api';

export const dynamic = 'force-dynamic';

/** GET /api/status : monitors by status, live controllers and workers, the job backlog, dead letters. */
export const GET = withRole('viewer', async () => {
  const ctx = sharedContext();
  const [monitors, system] = await Promise.all([statusCounts(ctx), systemStatus(ctx)]);
  return NextResponse.json({ monitors, system }, { headers: { 'Cache-Control': 'no-store' } });
});
