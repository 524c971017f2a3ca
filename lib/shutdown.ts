/**
 * Named shutdown handlers for a daemon: SIGTERM / SIGINT run them all once, together, then exit 0
 * (or 1 if one failed). A second signal exits at once.
 */
type Handler = () => Promise<void> | void;

export function onShutdown(log: { info(m: string, f?: Record<string, unknown>): void; error(m: string, f?: Record<string, unknown>): void }) {
  const handlers = new Map<string, Handler>();
  let stopping = false;
  const run = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info('shutting down', { signal });
    const results = await Promise.allSettled([...handlers].map(async ([name, handler]) => {
      try {
        await handler();
      } catch (error) {
        log.error('shutdown handler failed', { handler: name, error });
        throw error;
      }
    }));
    process.exit(results.some((r) => r.status === 'rejected') ? 1 : 0);
  };
  process.on('SIGTERM', () => void run('SIGTERM'));
  process.on('SIGINT', () => void run('SIGINT'));
  return {
    register(name: string, handler: Handler) {
      handlers.set(name, handler);
    },
    get stopping() {
      return stopping;
    },
  };
}
