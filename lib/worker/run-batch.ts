import type { MessagePort } from 'node:worker_threads';
import { runCheck, type CheckResult } from '../checks';
import { counterStoreAt, type CounterStoreAddress } from '../checks/counter-store';
import type { Monitor } from '../monitors';

/**
 * What the main thread hands a pool thread: monitors with their secrets already opened, as one JSON
 * array. One string crosses the thread boundary far cheaper than a structured clone of many objects.
 * With `results`, each result is posted there as soon as its check ends (see runBatch).
 */
export interface BatchTask {
  monitorsJson: string;
  maxTimeoutMs: number;
  results?: MessagePort;
  /** imalert's Redis, where checks keep counters between runs. */
  counters?: CounterStoreAddress;
}

/** Results of one batch by their index in it, as JSON: `[[index, result], …]`. */
export type IndexedResults = Array<[number, CheckResult]>;

/** Results that end this close together are posted as one message (one write in the main thread). */
const GATHER_MS = 3;

/**
 * Runs a batch of checks at once in this thread and returns every result, in order (as JSON). A check
 * never rejects (a failed target is a failed result), so only a crash of the thread fails the batch.
 * With a results port, each result is also posted there as soon as its check ends, so a fast check is
 * not held back by a slow one in its batch; the return stays the full answer, whatever was posted.
 */
export default async function runBatch(task: BatchTask): Promise<string> {
  const monitors = JSON.parse(task.monitorsJson) as Monitor[];
  const port = task.results;
  const counters = task.counters ? counterStoreAt(task.counters) : undefined;
  let gathered: IndexedResults = [];
  let timer: NodeJS.Timeout | undefined;
  const post = () => {
    timer = undefined;
    if (gathered.length) port?.postMessage(JSON.stringify(gathered));
    gathered = [];
  };
  const results = await Promise.all(monitors.map(async (monitor, i) => {
    const result = await runCheck(monitor, { maxTimeoutMs: task.maxTimeoutMs, counters });
    if (port) {
      gathered.push([i, result]);
      timer ??= setTimeout(post, GATHER_MS);
    }
    return result;
  }));
  clearTimeout(timer);
  return JSON.stringify(results);
}

