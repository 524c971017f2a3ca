import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';

export const dynamic = 'force-dynamic';

/** For load balancers and uptime checks: no session needed, says only whether Redis answers. */
export async function GET(): Promise<Response> {
  const started = Date.now();
  try {
    await sharedContext().redis.ping();
    return NextResponse.json({ ok: true, redis: 'up', ms: Date.now() - started });
  } catch {
    return NextResponse.json({ ok: false, redis: 'down' }, { status: 503 });
  }
}
