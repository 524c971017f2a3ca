import type { RedisClient } from '../redis';
import { Gauge, Histogram, type Registry } from 'prom-client';
import { REDIS_ROUND_TRIP_BUCKETS } from './registry';

/**
 * The process's Redis connection: whether it is up, and the round trip of a command on it. Daemons
 * time the heartbeat they send anyway (no extra command); the UI, which has none, times a PING per scrape.
 */
export class RedisMetrics {
  private readonly roundTrip: Histogram;

  constructor(registry: Registry, client: RedisClient, options: { pingOnScrape?: boolean } = {}) {
    new Gauge({
      name: 'imalert_redis_connected', help: 'Whether this process is connected to Redis (1) or reconnecting (0).', registers: [registry],
      aggregator: 'min', // the launcher's threads together: connected only if each one is
      collect() {
        this.set(client.status === 'ready' ? 1 : 0);
      },
    });
    const recordPing = async () => {
      if (client.status !== 'ready') return;
      const started = performance.now();
      await client.ping().then(() => this.record(performance.now() - started), () => undefined);
    };
    this.roundTrip = new Histogram({
      name: 'imalert_redis_round_trip_seconds', help: 'Round trip of a Redis command from this process (its heartbeat, or a PING per scrape in the UI).',
      buckets: REDIS_ROUND_TRIP_BUCKETS, registers: [registry],
      ...(options.pingOnScrape ? { collect: recordPing } : {}),
    });
  }

  /** One command's round trip, in ms. */
  record(ms: number): void {
    this.roundTrip.observe(Math.max(0, ms) / 1000);
  }
}
