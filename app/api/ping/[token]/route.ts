import { pingHandler } from '@/app/lib/ping-route';

export const dynamic = 'force-dynamic';

/** GET, POST or HEAD /api/ping/<token>: the job has run (UP). */
const ping = pingHandler('success');

export const GET = ping;
export const POST = ping;
export const HEAD = ping;
