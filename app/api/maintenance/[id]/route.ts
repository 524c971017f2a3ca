import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { getWindow, removeWindow, updateWindow, viewOf } from '@/lib/maintenance';
import { errorJson, readJsonBody, withSession } from '../../../lib/api';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

const notFound = () => errorJson(404, 'No maintenance window with this id.');

/** GET /api/maintenance/:id */
export const GET = withSession(async (_request: Request, { params }: Params) => {
  const window = await getWindow(sharedContext(), (await params).id);
  return window ? NextResponse.json(viewOf(window, Date.now())) : notFound();
});

/** PUT /api/maintenance/:id : replace the window (the same JSON as POST /api/maintenance). */
export const PUT = withSession(async (request: Request, { params }: Params) => {
  const { id } = await params;
  const ctx = sharedContext();
  if (!(await getWindow(ctx, id))) return notFound();
  return NextResponse.json(viewOf(await updateWindow(ctx, id, await readJsonBody(request)), Date.now()));
});

/** DELETE /api/maintenance/:id : the window ends at once (alerts held back by it follow at the next run). */
export const DELETE = withSession(async (_request: Request, { params }: Params) => {
  return (await removeWindow(sharedContext(), (await params).id)) ? new NextResponse(null, { status: 204 }) : notFound();
});
