import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { redriveDeadLetter } from '@/lib/queue/dead-letters';
import { errorJson, withRole } from '../../../../lib/api';
import { auditApi } from '../../../../lib/audit';

export const dynamic = 'force-dynamic';

/** POST /api/dead-letters/:id/redrive : runs the job again now (as a manual run) and removes the dead letter. */
export const POST = withRole('editor', async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const jobId = await redriveDeadLetter(sharedContext(), id);
  if (jobId) await auditApi(request, 'dead-letter.redrive', id);
  return jobId ? NextResponse.json({ jobId }, { status: 202 }) : errorJson(404, 'No dead letter with this id.');
});
