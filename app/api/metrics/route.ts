import { withMetricsAccess } from '../../lib/api';
import { sharedContext } from '@/lib/context';
import { uiRegistry } from '@/lib/metrics/ui-registry';

export const dynamic = 'force-dynamic';

/** The UI server's Prometheus metrics (its process and its Redis connection), for a session or METRICS_TOKEN. */
export const GET = withMetricsAccess(async () => {
  const registry = uiRegistry(sharedContext());
  return new Response(await registry.metrics(), { headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' } });
});
