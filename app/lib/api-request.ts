import { isSameOrigin } from '@/lib/auth/same-origin';

/**
 * What every API request must pass before its handler runs or its body is read: a cookie-carried
 * request that changes state must come from this site's own pages, and a body must be exactly JSON
 * and small. A refusal is an ApiRefusal, answered as `{ error }` with its status.
 */
export const API_BODY_LIMIT_BYTES = 64 * 1024;

export const API_REFUSAL = 'API_REFUSAL';

export class ApiRefusal extends Error {
  readonly code = API_REFUSAL;

  constructor(readonly status: 400 | 403 | 404 | 409 | 413 | 415, message: string) {
    super(message);
    this.name = 'ApiRefusal';
  }
}

export function isApiRefusal(error: unknown): error is ApiRefusal {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === API_REFUSAL && typeof (error as { status?: unknown }).status === 'number';
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses a state-changing request a browser sent from another origin (tools that send no Origin pass). */
export function refuseCrossSite(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (!isSameOrigin(request.headers)) throw new ApiRefusal(403, 'This request came from another site; only imalert’s own pages may change things with your session.');
}

/** The media type without parameters: "application/json" for "Application/JSON; charset=utf-8". */
function mediaTypeOf(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
}

const tooLarge = () => new ApiRefusal(413, `The request body is over ${API_BODY_LIMIT_BYTES / 1024} KB.`);

/** The body as text, read up to the limit; a declared or actual length past it stops the read. */
async function readCapped(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiRefusal(400, 'The request body is not valid UTF-8.');
  }
}

/** The JSON body of a request: 415 unless it is application/json, 413 past the limit, 400 if malformed. */
export async function readJsonBody(request: Request, limit = API_BODY_LIMIT_BYTES): Promise<unknown> {
  if (mediaTypeOf(request) !== 'application/json') throw new ApiRefusal(415, 'Send the body as JSON (Content-Type: application/json).');
  const text = await readCapped(request, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiRefusal(400, 'The request body is not valid JSON.');
  }
}
