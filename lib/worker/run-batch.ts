import { runCheck } from '../checks';
import { loadConfig } from '../config';
import type { Monitor } from '../monitors';

/**
 * What the main thread hands a pool thread: monitors with their secrets already opened, as one JSON
 * array. One string crosses the thread boundary far cheaper than a structured clone of many objects.
 */
export interface BatchTask {
  monitorsJson: string;
  maxTimeoutMs: number;
}

/**
 * Runs a batch of checks at once in this thread and returns every result, in order (as JSON). A check never
 * rejects (a failed target is a failed result), so only a crash of the thread fails the batch.
 */
export default async function runBatch(task: BatchTask): Promise<string> {
  const monitors = JSON.parse(task.monitorsJson) as Monitor[];
  const results = await Promise.all(monitors.map((monitor) => crashForTests(monitor) ?? runCheck(monitor, { maxTimeoutMs: task.maxTimeoutMs })));
  return JSON.stringify(results);
}

/**
 * Test-only: with NODE_ENV=test and IMALERT_TEST_CRASH_KIND=<kind>, checks of that kind kill their
 * thread; with <kind>:hang they block it for good (a synchronous loop no timer can interrupt).
 */
function crashForTests(monitor: Monitor): Promise<never> | undefined {
  if (process.env.NODE_ENV !== 'test') return undefined;
  const [kind, mode] = (loadConfig().IMALERT_TEST_CRASH_KIND ?? '').split(':');
  if (kind !== monitor.kind) return undefined;
  if (mode === 'hang') {
    for (;;) {
      // Blocks the thread until the pool terminates it.
    }
  }
  return new Promise<never>(() => {
    setImmediate(() => {
      throw new Error(`test crash: a ${monitor.kind} check crashed its thread`);
    });
  });
}
