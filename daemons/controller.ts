import { hostname } from 'node:os';
import { startAlertDelivery } from '../lib/alerts';
import { CONTROLLER_STOP_GRACE_MS, Controller } from '../lib/controller/controller';
import { createContext } from '../lib/context';
import { isConfigError } from '../lib/errors';
import { createLogger } from '../lib/log';
import { createRegistry, registerSystemGauges, serveDaemonMetrics } from '../lib/metrics';
import { LET_GO_MS, onShutdown } from '../lib/shutdown';

// The controller daemon: dispatches due monitors to the jobs stream. `npm run controller`.
const log = createLogger({ process: 'controller' });
try {
  const ctx = createContext('daemon');
  const registry = createRegistry();
  const controller = new Controller({
    redis: ctx.redis,
    keys: ctx.keys,
    log,
    tickMs: ctx.config.CONTROLLER_TICK_MS,
    batchSize: ctx.config.CONTROLLER_BATCH_SIZE,
    heartbeatMs: ctx.config.HEARTBEAT_MS,
    registry,
  });
  // Only the controller reports what Redis holds for the whole system, so nothing is counted twice.
  registerSystemGauges(registry, ctx);
  const metrics = await serveDaemonMetrics(registry, ctx.config, log);
  // The controller drains the alert outbox too, so "no live worker" still reaches Slack.
  const alerts = startAlertDelivery(ctx, { consumerName: `controller-${hostname()}-${process.pid}`, log, registry });
  const shutdown = onShutdown(log, { deadlineMs: CONTROLLER_STOP_GRACE_MS + LET_GO_MS, release: () => ctx.redis.disconnect() });
  shutdown.register('controller', async () => {
    await Promise.all([controller.stop(), alerts.stop(), metrics.stop()]);
    ctx.redis.disconnect();
  });
  await controller.start();
} catch (error) {
  // A bad setting is the operator's to fix: its message alone, without a stack trace.
  if (isConfigError(error)) log.error(error.message);
  else log.error('controller failed to start', { error });
  process.exit(1);
}
