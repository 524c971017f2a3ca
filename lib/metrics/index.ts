/** Prometheus metrics (prom-client): one registry per process, served by the daemons and the UI. */
export { createRegistry, metricsGoToLauncher, METRIC_PREFIX } from './registry';
export { registerSystemGauges } from './system-gauges';
export { serveDaemonMetrics, LAUNCHER_METRICS_MESSAGE, type LauncherMetricsReply, type LauncherMetricsRequest } from './serve';
export { startMetricsServer, type MetricsServer } from './server';
export { metricsTokenAccepted } from './access';
export { uiRegistry } from './ui-registry';
