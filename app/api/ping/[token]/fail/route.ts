import { pingHandler } from '@/app/lib/ping-route';

export const dynamic = 'force-dynamic';

/** GET, POST or HEAD /api/ping/<token>/fail: the job has failed (DOWN at once). */
const ping = pingHandler('fail');

export const GET = ping;
export const POST = ping;
export const HEAD = ping;
