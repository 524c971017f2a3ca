import { isMainThread, workerData } from 'node:worker_threads';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** Every metric name starts with this, prom-client's process metrics included. */
export const METRIC_PREFIX = 'imalert_';

/**
 * Whether this daemon runs as a thread of `npm start`'s launcher that serves the metrics of all its
 * threads (scripts/launcher/metrics.ts): then the launcher, not the thread, opens METRICS_PORT.
 */
export function metricsGoToLauncher(): boolean {
  return !isMainThread && (workerData as { metricsToLauncher?: boolean } | null)?.metricsToLauncher === true;
}

/**
 * A registry of one process's metrics, with prom-client's process metrics (CPU, memory, event loop,
 * file descriptors) unless it is a launcher thread: those count the whole process, which the launcher reports once.
 */
export function createRegistry(options: { processMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.processMetrics ?? !metricsGoToLauncher()) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  return registry;
}

/** Buckets in seconds: a check runs from milliseconds up to its timeout (at most a minute). */
export const CHECK_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Buckets in seconds: a healthy controller sends a job within milliseconds of its fire time. */
export const SCHEDULE_LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
/** Buckets in seconds: a Redis command's round trip, from a local socket to a slow network. */
export const REDIS_ROUND_TRIP_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
