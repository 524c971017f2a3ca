import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { discardDeadLetter } from '@/lib/queue/dead-letters';
import { errorJson, withRole } from '../../../lib/api';
import { auditApi } from '../../../lib/audit';

export const dynamic = 'force-dynamic';

/** DELETE /api/dead-letters/:id : drops it for good. */
export const DELETE = withRole('editor', async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const dropped = await discardDeadLetter(sharedContext(), id);
  if (dropped) await auditApi(request, 'dead-letter.discard', id);
  return dropped ? new NextResponse(null, { status: 204 }) : errorJson(404, 'No dead letter with this id.');
});
