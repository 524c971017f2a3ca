import { NextResponse } from 'next/server';
import { getChannel, removeChannel, renameChannel, setDefaultChannel, updateChannelUrl } from '@/lib/alerts';
import { sharedContext } from '@/lib/context';
import { UserError } from '@/lib/errors';
import { errorJson, readJsonBody, withRole } from '../../../lib/api';
import { auditApi } from '../../../lib/audit';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };
const notFound = () => errorJson(404, 'No alert channel with this id.');

export const GET = withRole('viewer', async (_request: Request, { params }: Params) => {
  const channel = await getChannel(sharedContext(), (await params).id);
  return channel ? NextResponse.json(channel) : notFound();
});

/** PATCH /api/channels/:id {name?, url?, isDefault?: true}: rename, replace the webhook URL, make it the default. */
export const PATCH = withRole('admin', async (request: Request, { params }: Params) => {
  const { id } = await params;
  const ctx = sharedContext();
  if (!(await getChannel(ctx, id))) return notFound();
  const body = await readJsonBody(request);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new UserError('Send a JSON object with name, url or isDefault.');
  const { name, url, isDefault, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length) throw new UserError(`Unknown field: ${Object.keys(rest).join(', ')}`, Object.fromEntries(Object.keys(rest).map((k) => [k, ['Unknown field']])));
  if (isDefault !== undefined && isDefault !== true) throw new UserError('isDefault can only be set to true (make another channel the default instead).', { isDefault: ['Only true'] });
  if (name !== undefined) await auditApi(request, 'channel.rename', id, (await renameChannel(ctx, id, name)).name);
  if (url !== undefined) await updateChannelUrl(ctx, id, url).then(() => auditApi(request, 'channel.url', id));
  if (isDefault === true) await setDefaultChannel(ctx, id).then(() => auditApi(request, 'channel.default', id));
  return NextResponse.json(await getChannel(ctx, id));
});

/** DELETE /api/channels/:id : alerts still waiting for it are marked as not delivered. */
export const DELETE = withRole('admin', async (request: Request, { params }: Params) => {
  const { id } = await params;
  const { removed } = await removeChannel(sharedContext(), id);
  if (removed) await auditApi(request, 'channel.delete', id);
  return removed ? new NextResponse(null, { status: 204 }) : notFound();
});
