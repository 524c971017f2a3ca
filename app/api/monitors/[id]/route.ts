import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { toApiMonitor } from '@/lib/dashboard';
import { getStates } from '@/lib/results';
import { readJsonBody, withSession } from '../../../lib/api';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

const notFound = () => NextResponse.json({ error: 'No monitor with this id.' }, { status: 404 });

/** GET /api/monitors/:id : config (secrets masked) and state. */
export const GET = withSession(async (_request: Request, { params }: Params) => {
  const { id } = await params;
  const ctx = sharedContext();
  const [monitor, [state]] = await Promise.all([ctx.monitors.get(id), getStates(ctx, [id])]);
  return monitor ? NextResponse.json(toApiMonitor(monitor, state.state)) : notFound();
});

/** PUT /api/monitors/:id : replace the settings; a secret left empty keeps its stored value. */
export const PUT = withSession(async (request: Request, { params }: Params) => {
  const { id } = await params;
  const ctx = sharedContext();
  if (!(await ctx.monitors.get(id))) return notFound();
  const monitor = await ctx.monitors.update(id, await readJsonBody(request));
  return NextResponse.json(toApiMonitor(monitor, undefined));
});

/** PATCH /api/monitors/:id : pause or resume (`enabled`), mute until a time or unmute (`mutedUntil`: ms or null). */
export const PATCH = withSession(async (request: Request, { params }: Params) => {
  const { id } = await params;
  const ctx = sharedContext();
  if (!(await ctx.monitors.get(id))) return notFound();
  const monitor = await ctx.monitors.patch(id, (await readJsonBody(request)) as never);
  return NextResponse.json(toApiMonitor(monitor, undefined));
});

/** DELETE /api/monitors/:id : the monitor, its schedule, state and history. */
export const DELETE = withSession(async (_request: Request, { params }: Params) => {
  const { id } = await params;
  const ctx = sharedContext();
  if (!(await ctx.monitors.get(id))) return notFound();
  await ctx.monitors.remove(id);
  return new NextResponse(null, { status: 204 });
});
