import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { toApiMonitor } from '@/lib/dashboard';
import { getStates } from '@/lib/results';
import type { AuditAction } from '@/lib/audit';
import type { Monitor } from '@/lib/monitors';
import { readJsonBody, withRole } from '../../../lib/api';
import { auditApi } from '../../../lib/audit';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

/** What a PATCH changed, as audit actions. */
function patchActions(before: Monitor, after: Monitor): AuditAction[] {
  const actions: AuditAction[] = [];
  if (before.enabled !== after.enabled) actions.push(after.enabled ? 'monitor.resume' : 'monitor.pause');
  if (before.mutedUntil !== after.mutedUntil) actions.push(after.mutedUntil === null ? 'monitor.unmute' : 'monitor.mute');
  if (before.managedByConfig && !after.managedByConfig) actions.push('monitor.detach');
  return actions;
}

const notFound = () => NextResponse.json({ error: 'No monitor with this id.' }, { status: 404 });

/** GET /api/monitors/:id : config (secrets masked) and state. */
export const GET = withRole('viewer', async (_request: Request, { params }: Params) => {
  const { id } = await params;
  const ctx = sharedContext();
  const [monitor, [state]] = await Promise.all([ctx.monitors.get(id), getStates(ctx, [id])]);
  return monitor ? NextResponse.json(toApiMonitor(monitor, state.state)) : notFound();
});

/** PUT /api/monitors/:id : replace the settings; a secret left empty keeps its stored value. */
export const PUT = withRole('editor', async (request: Request, { params }: Params) => {
  const { id } = await params;
  const ctx = sharedContext();
  if (!(await ctx.monitors.get(id))) return notFound();
  const monitor = await ctx.monitors.update(id, await readJsonBody(request));
  await auditApi(request, 'monitor.edit', id, monitor.name);
  return NextResponse.json(toApiMonitor(monitor, undefined));
});

/** PATCH /api/monitors/:id : pause or resume (`enabled`), mute until a time or unmute (`mutedUntil`: ms or null). */
export const PATCH = withRole('editor', async (request: Request, { params }: Params) => {
  const { id } = await params;
  const ctx = sharedContext();
  const before = await ctx.monitors.get(id);
  if (!before) return notFound();
  const monitor = await ctx.monitors.patch(id, (await readJsonBody(request)) as never);
  for (const action of patchActions(before, monitor)) await auditApi(request, action, id, monitor.name);
  return NextResponse.json(toApiMonitor(monitor, undefined));
});

/** DELETE /api/monitors/:id : the monitor, its schedule, state and history. */
export const DELETE = withRole('editor', async (request: Request, { params }: Params) => {
  const { id } = await params;
  const ctx = sharedContext();
  const monitor = await ctx.monitors.get(id);
  if (!monitor) return notFound();
  await ctx.monitors.remove(id);
  await auditApi(request, 'monitor.delete', id, monitor.name);
  return new NextResponse(null, { status: 204 });
});
