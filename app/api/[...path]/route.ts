import { errorJson, withRole } from '../../lib/api';

export const dynamic = 'force-dynamic';

/** Any other /api path: a JSON 404 like the rest of the API (401 first without a session). */
const notFound = withRole('viewer', async () => errorJson(404, 'No such API endpoint.'));

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
