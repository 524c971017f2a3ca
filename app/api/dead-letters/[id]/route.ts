import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { discardDeadLetter } from '@/lib/queue/dead-letters';
import { errorJson, withSession } from '../../../lib/api';

export const dynamic = 'force-dynamic';

/** DELETE /api/dead-letters/:id : drops it for good. */
export const DELETE = withSession(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const dropped = await discardDeadLetter(sharedContext(), (await params).id);
  return dropped ? new NextResponse(null, { status: 204 }) : errorJson(404, 'No dead letter with this id.');
});
