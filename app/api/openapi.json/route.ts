import { NextResponse } from 'next/server';
import { openApiDocument } from '@/lib/rest/openapi';

export const dynamic = 'force-static';

/** GET /api/openapi.json : the REST API as OpenAPI 3.1, from the routes' own zod schemas. No credentials needed. */
export function GET(): Response {
  return NextResponse.json(openApiDocument());
}
