/**
 * Named shutdown handlers for a daemon: SIGTERM / SIGINT run them all once, together, then exit 0
 * (or 1 if one failed). A second signal exits at once. Shutdown never outlives `deadlineMs`: at the
 * deadline `release` closes the Redis connections (a command waiting for an unreachable Redis would
 * wait forever), and the process exits with SHUTDOWN_TIMED_OUT, logging the handlers left unfinished.
 */
type Handler = () => Promise<void> | void;
type ShutdownLog = { info(m: string, f?: Record<string, unknown>): void; error(m: string, f?: Record<string, unknown>): void };

/** Exit code of a daemon whose shutdown ran past its deadline (Redis unreachable, most likely). */
export const SHUTDOWN_TIMED_OUT = 2;
/** Past a daemon's grace period: time to let go (heartbeat, pool, connections) before the deadline. */
export const LET_GO_MS = 2000;
/** How long handlers get to settle once their connections are closed at the deadline. */
const AFTER_RELEASE_MS = 1000;

export interface ShutdownOptions {
  deadlineMs: number;
  release: () => void;
}

export function onShutdown(log: ShutdownLog, options: ShutdownOptions) {
  const handlers = new Map<string, Handler>();
  let stopping = false;
  const run = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info('shutting down', { signal, deadlineMs: options.deadlineMs });
    const unfinished = new Set(handlers.keys());
    const all = Promise.allSettled([...handlers].map(async ([name, handler]) => {
      try {
        await handler();
      } catch (error) {
        log.error('shutdown handler failed', { handler: name, error });
        throw error;
      } finally {
        unfinished.delete(name);
      }
    }));
    if (await settlesWithin(all, options.deadlineMs)) process.exit((await all).some((r) => r.status === 'rejected') ? 1 : 0);
    const atDeadline = [...unfinished];
    options.release();
    await settlesWithin(all, AFTER_RELEASE_MS);
    log.error('shutdown did not finish within its deadline; Redis connections closed, exiting', {
      deadlineMs: options.deadlineMs, unfinished: atDeadline, exitCode: SHUTDOWN_TIMED_OUT,
    });
    process.exit(SHUTDOWN_TIMED_OUT);
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

/** True when `promise` settles within `ms`. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, ms))));
  try {
    return await Promise.race([promise.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
