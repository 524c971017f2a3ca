import { runCheck } from '../checks';
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
  const results = await Promise.all(monitors.map((monitor) => runCheck(monitor, { maxTimeoutMs: task.maxTimeoutMs })));
  return JSON.stringify(results);
}

