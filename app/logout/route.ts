import { NextResponse } from 'next/server';
import { clearSession } from '../lib/session';

/** POST only: a link or an image elsewhere cannot log anyone out. */
export async function POST(request: Request): Promise<Response> {
  await clearSession().catch(() => undefined);
  return NextResponse.redirect(new URL('/login', request.url), 303);
}
