import { createContext } from '../lib/context';
import { isConfigError } from '../lib/errors';
import { createLogger } from '../lib/log';
import { createRegistry, serveDaemonMetrics } from '../lib/metrics';
import { onShutdown } from '../lib/shutdown';
import { Worker } from '../lib/worker/worker';

// The worker daemon: runs the checks of the jobs stream. `npm run worker`; run as many as you like.
const log = createLogger({ process: 'worker' });
try {
  const ctx = createContext('daemon');
  const registry = createRegistry();
  const worker = new Worker(ctx, { log, registry });
  const metrics = await serveDaemonMetrics(registry, ctx.config, log);
  const shutdown = onShutdown(log, { deadlineMs: worker.shutdownDeadlineMs, release: () => worker.disconnect() });
  shutdown.register('worker', async () => {
    await Promise.all([worker.stop(), metrics.stop()]);
    ctx.redis.disconnect();
  });
  await worker.start();
} catch (error) {
  // A bad setting is the operator's to fix: its message alone, without a stack trace.
  if (isConfigError(error)) log.error(error.message);
  else log.error('worker failed to start', { error });
  process.exit(1);
}
