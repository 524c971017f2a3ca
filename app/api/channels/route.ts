import { NextResponse } from 'next/server';
import { addChannel, listChannels } from '@/lib/alerts';
import { sharedContext } from '@/lib/context';
import { readJsonBody, withRole } from '../../lib/api';
import { auditApi } from '../../lib/audit';

export const dynamic = 'force-dynamic';

/** GET /api/channels: the alert channels, webhook URLs masked. */
export const GET = withRole('viewer', async () => NextResponse.json({ channels: await listChannels(sharedContext()) }));

/** POST /api/channels {name, url}: a Slack incoming webhook; the URL is write-only from here on. */
export const POST = withRole('admin', async (request: Request) => {
  const body = (await readJsonBody(request)) as { name?: unknown; url?: unknown } | null;
  const channel = await addChannel(sharedContext(), { name: body?.name ?? '', url: body?.url ?? '' });
  await auditApi(request, 'channel.create', channel.id, channel.name);
  return NextResponse.json(channel, { status: 201, headers: { Location: `/api/channels/${channel.id}` } });
});
