import { NextResponse } from 'next/server';
import { publicBaseUrl } from '@/app/lib/public-url';
import { sharedContext } from '@/lib/context';
import { UserError } from '@/lib/errors';
import { takesPings } from '@/lib/monitors';
import { pingUrl, readPingDetails, setPingToken } from '@/lib/pings';
import { withRole } from '../../../../lib/api';
import { auditApi } from '../../../../lib/audit';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

/** The monitor, which must be a Did It Run; a UserError (404 or 400) otherwise. */
async function pingedMonitor(id: string) {
  const monitor = await sharedContext().monitors.get(id);
  if (!monitor) throw new UserError('No monitor with this id.', {}, 'not-found');
  if (!takesPings(monitor.kind)) throw new UserError('Only a Did It Run monitor has a ping URL.');
  return monitor;
}

const baseOf = (request: Request) => publicBaseUrl(request.headers, sharedContext().config.IMALERT_PUBLIC_URL);

/** GET /api/monitors/:id/ping-url : the ping URL (null when it has none yet) and the last pings; editors, as the URL is a credential. */
export const GET = withRole('editor', async (request: Request, { params }: Params) => {
  const { id } = await params;
  await pingedMonitor(id);
  const { token, ...activity } = await readPingDetails(sharedContext(), id);
  return NextResponse.json({ pingUrl: token === null ? null : pingUrl(baseOf(request), token), ...activity }, { headers: { 'Cache-Control': 'no-store' } });
});

/** POST /api/monitors/:id/ping-url : a new ping URL; the old one stops working at once. */
export const POST = withRole('editor', async (request: Request, { params }: Params) => {
  const { id } = await params;
  await pingedMonitor(id);
  const token = (await setPingToken(sharedContext(), id))!;
  await auditApi(request, 'monitor.ping-url', id);
  return NextResponse.json({ pingUrl: pingUrl(baseOf(request), token) }, { headers: { 'Cache-Control': 'no-store' } });
});
