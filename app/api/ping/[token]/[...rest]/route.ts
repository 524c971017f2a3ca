import { errorJson } from '@/app/lib/api';
import { NO_SUCH_PING_URL } from '@/app/lib/ping-route';

export const dynamic = 'force-dynamic';

/** Anything else under a ping URL: the same 404 as an unknown token (not the API's 401). */
const notFound = async () => errorJson(404, NO_SUCH_PING_URL);

export const GET = notFound;
export const POST = notFound;
export const HEAD = notFound;
