import { parentPort } from 'node:worker_threads';
import type { Registry } from 'prom-client';
import type { Config } from '../config';
import type { Logger } from '../log';
import { metricsGoToLauncher } from './registry';
import { startMetricsServer } from './server';

/** What the launcher asks a daemon thread, and the thread's answer (registry.getMetricsAsJSON()). */
export const LAUNCHER_METRICS_MESSAGE = 'imalert-metrics';
export type LauncherMetricsRequest = { type: typeof LAUNCHER_METRICS_MESSAGE; id: number };
export type LauncherMetricsReply = LauncherMetricsRequest & { metrics?: unknown[]; error?: string };

/**
 * Serves a daemon's registry: on METRICS_PORT (METRICS_HOST, METRICS_TOKEN) when it runs as a
 * process of its own; as a thread of `npm start`, to the launcher, which serves all its threads on
 * one port. Without METRICS_PORT, nothing is served (the metrics still count, at next to no cost).
 */
export async function serveDaemonMetrics(registry: Registry, config: Config, log: Logger): Promise<{ stop(): Promise<void> }> {
  if (metricsGoToLauncher() && parentPort) {
    const port = parentPort;
    const answer = (message: unknown) => {
      const request = message as Partial<LauncherMetricsRequest> | null;
      if (request?.type !== LAUNCHER_METRICS_MESSAGE || typeof request.id !== 'number') return;
      const id = request.id;
      registry.getMetricsAsJSON().then(
        (metrics) => port.postMessage({ type: LAUNCHER_METRICS_MESSAGE, id, metrics } satisfies LauncherMetricsReply),
        (error: Error) => port.postMessage({ type: LAUNCHER_METRICS_MESSAGE, id, error: error.message } satisfies LauncherMetricsReply),
      );
    };
    port.on('message', answer);
    return { stop: async () => void port.off('message', answer) };
  }
  if (config.METRICS_PORT === undefined) return { stop: async () => undefined };
  const server = await startMetricsServer({
    host: config.METRICS_HOST, port: config.METRICS_PORT, token: config.METRICS_TOKEN, log,
    render: async () => ({ body: await registry.metrics(), contentType: registry.contentType }),
  });
  return server;
}
