import { NextResponse } from 'next/server';
import { sharedContext } from '@/lib/context';
import { probeRedisWrites } from '@/lib/redis';

export const dynamic = 'force-dynamic';

/**
 * For load balancers and uptime checks: no session needed. Says whether Redis answers and takes
 * writes (a Redis at its memory limit still answers PING but saves nothing).
 */
export async function GET(): Promise<Response> {
  const started = Date.now();
  const ctx = sharedContext();
  try {
    if ((await probeRedisWrites(ctx.redis, ctx.keys.writeProbe)) === 'out of memory') {
      return NextResponse.json({ ok: false, redis: 'out of memory' }, { status: 503 });
    }
    return NextResponse.json({ ok: true, redis: 'up', ms: Date.now() - started });
  } catch {
    return NextResponse.json({ ok: false, redis: 'down' }, { status: 503 });
  }
}
