import { NextResponse } from 'next/server';
import { withRole } from '@/app/lib/api';
import { loadMonitorStatus, rollupPeriodOf } from '@/app/monitors/status-data';

export const dynamic = 'force-dynamic';

/** The live part of the monitor page (state, history, incidents, alerts), polled by React Query. */
export const GET = withRole('viewer', async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  const period = rollupPeriodOf(new URL(request.url).searchParams.get('period'));
  const status = await loadMonitorStatus(id, period);
  if (!status) return NextResponse.json({ error: 'No such monitor.' }, { status: 404 });
  return NextResponse.json(status, { headers: { 'cache-control': 'no-store' } });
});
