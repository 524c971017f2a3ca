import { NextResponse } from 'next/server';
import { listChannels } from '@/lib/alerts';
import { sharedContext } from '@/lib/context';
import { withSession } from '../../lib/api';

export const dynamic = 'force-dynamic';

/** GET /api/channels: the alert channels, webhook URLs masked (config files name channels by name). */
export const GET = withSession(async () => NextResponse.json({ channels: await listChannels(sharedContext()) }));
