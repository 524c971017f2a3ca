import type { Logger } from '../log';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Retries a Redis step until it succeeds (Redis may be restarting), backing off up to 5 s; undefined
 * once `closed()` says the worker is stopping (what was not done stays pending for another worker).
 */
export async function persist<T>(what: string, step: () => Promise<T>, closed: () => boolean, log: Logger): Promise<T | undefined> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (closed()) return undefined;
      log.warn(`could not ${what}; retrying`, { attempt, error: (error as Error).message });
      await sleep(Math.min(100 * 2 ** attempt, 5000));
    }
  }
}
