import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { listTags } from '@/lib/store';
import { withRole } from '../../lib/api';

export const dynamic = 'force-dynamic';

/** GET /api/tags : every tag monitors carry, with how many carry it, in name order. */
export const GET = withRole('viewer', async () => NextResponse.json({ tags: await listTags(sharedContext()) }));
