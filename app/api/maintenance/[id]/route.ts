import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { getWindow, removeWindow, updateWindow, viewOf } from '@/lib/maintenance';
import { errorJson, readJsonBody, withRole } from '../../../lib/api';
import { auditApi } from '../../../lib/audit';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

const notFound = () => errorJson(404, 'No maintenance window with this id.');

/** GET /api/maintenance/:id */
export const GET = withRole('viewer', async (_request: Request, { params }: Params) => {
  const window = await getWindow(sharedContext(), (await params).id);
  return window ? NextResponse.json(viewOf(window, Date.now())) : notFound();
});

/** PUT /api/maintenance/:id : replace the window (the same JSON as POST /api/maintenance). */
export const PUT = withRole('editor', async (request: Request, { params }: Params) => {
  const { id } = await params;
  const ctx = sharedContext();
  if (!(await getWindow(ctx, id))) return notFound();
  const window = await updateWindow(ctx, id, await readJsonBody(request));
  await auditApi(request, 'maintenance.edit', id, window.name);
  return NextResponse.json(viewOf(window, Date.now()));
});

/** DELETE /api/maintenance/:id : the window ends at once (alerts held back by it follow at the next run). */
export const DELETE = withRole('editor', async (request: Request, { params }: Params) => {
  const { id } = await params;
  if (!(await removeWindow(sharedContext(), id))) return notFound();
  await auditApi(request, 'maintenance.delete', id);
  return new NextResponse(null, { status: 204 });
});
