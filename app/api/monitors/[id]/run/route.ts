import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { runNow } from '@/lib/queue/run-now';
import { withRole } from '../../../../lib/api';
import { auditApi } from '../../../../lib/audit';

export const dynamic = 'force-dynamic';

/** POST /api/monitors/:id/run : queue a check now (a manual job on the jobs stream). */
export const POST = withRole('editor', async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const job = await runNow(sharedContext(), id);
  await auditApi(request, 'monitor.run', id);
  return NextResponse.json({ queued: true, fireTime: job.fireTime, dispatchId: job.dispatchId }, { status: 202 });
});
