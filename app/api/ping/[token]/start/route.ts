import { pingHandler } from '@/app/lib/ping-route';

export const dynamic = 'force-dynamic';

/** GET, POST or HEAD /api/ping/<token>/start: the job has started (its run time is measured to the ping). */
const ping = pingHandler('start');

export const GET = ping;
export const POST = ping;
export const HEAD = ping;
