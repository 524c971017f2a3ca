import { NextResponse } from 'next/server';
import { sendTestMessage } from '@/lib/alerts';
import { sharedContext } from '@/lib/context';
import { withRole } from '../../../../lib/api';

export const dynamic = 'force-dynamic';

/** POST /api/channels/:id/test : sends a test message now; `ok` says whether Slack took it. */
export const POST = withRole('admin', async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const result = await sendTestMessage(sharedContext(), (await params).id);
  return NextResponse.json(result);
});
