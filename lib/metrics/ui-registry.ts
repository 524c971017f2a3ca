import type { Registry } from 'prom-client';
import type { AppContext } from '../context';
import { RedisMetrics } from './redis-metrics';
import { createRegistry } from './registry';

const globalForMetrics = globalThis as unknown as { imalertUiRegistry?: Registry };

/**
 * The UI server's own metrics, served at /api/metrics: its process (CPU, memory, event loop) and its
 * Redis connection. One registry per server instance, kept on globalThis like the shared context.
 * The system's gauges (monitors by status, backlog) come from the controller only.
 */
export function uiRegistry(ctx: Pick<AppContext, 'redis'>): Registry {
  if (!globalForMetrics.imalertUiRegistry) {
    const registry = createRegistry({ processMetrics: true });
    new RedisMetrics(registry, ctx.redis, { pingOnScrape: true });
    globalForMetrics.imalertUiRegistry = registry;
  }
  return globalForMetrics.imalertUiRegistry;
}
