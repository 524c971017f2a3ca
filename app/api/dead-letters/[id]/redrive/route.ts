import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { redriveDeadLetter } from '@/lib/queue/dead-letters';
import { errorJson, withSession } from '../../../../lib/api';

export const dynamic = 'force-dynamic';

/** POST /api/dead-letters/:id/redrive : runs the job again now (as a manual run) and removes the dead letter. */
export const POST = withSession(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const jobId = await redriveDeadLetter(sharedContext(), (await params).id);
  return jobId ? NextResponse.json({ jobId }, { status: 202 }) : errorJson(404, 'No dead letter with this id.');
});
