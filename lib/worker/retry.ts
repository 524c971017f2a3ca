import { backoffMs } from '../backoff';
import type { Logger } from '../log';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Runs a Redis step until it succeeds; undefined when the worker stopped before it did. */
export type RetryForever = <T>(what: string, step: () => Promise<T>) => Promise<T | undefined>;

/**
 * Retries a Redis step until it succeeds (Redis may be restarting), with backoff, until `stopped()`
 * says the worker is stopping: what was not done then stays pending for another worker.
 */
export function retryForeverUnless(stopped: () => boolean, log: Logger): RetryForever {
  return async <T>(what: string, step: () => Promise<T>): Promise<T | undefined> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await step();
      } catch (error) {
        if (stopped()) return undefined;
        log.warn(`could not ${what}; retrying`, { attempt, error: (error as Error).message });
        await sleep(backoffMs(attempt, { baseMs: 100, maxMs: 5000, jitter: true }));
      }
    }
  };
}
