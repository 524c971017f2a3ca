import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { listDeadLetters } from '@/lib/queue/dead-letters';
import { pageQuerySchema, parseQuery } from '@/lib/rest/query';
import { withRole } from '../../lib/api';

export const dynamic = 'force-dynamic';

/** GET /api/dead-letters?before=&limit= : jobs that failed every delivery, newest first. */
export const GET = withRole('viewer', async (request: Request) => {
  const { before, limit } = parseQuery(pageQuerySchema, request.url);
  const deadLetters = await listDeadLetters(sharedContext(), { before, count: limit });
  return NextResponse.json({ deadLetters, nextBefore: deadLetters.length === limit ? deadLetters[deadLetters.length - 1].id : null });
});
