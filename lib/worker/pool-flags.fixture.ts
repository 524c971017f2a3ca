// Test-only (bundle.test.ts): runs one Remind Me check on the pool in a process of its own, so the test
// can start it with Node flags that threads refuse, as an operator's `node --max-old-space-size=…` would.
import { CheckPool } from './pool';

const pool = new CheckPool({ coreThreads: 1, maxThreads: 1, queueLength: 10, checksPerThread: 4, maxTimeoutMs: 1000 });
const monitor = {
  id: 'r1', kind: 'remind', message: 'water the plants', name: 'r', cron: '0 0 * * *', enabled: true, mutedUntil: null,
  failureThreshold: 1, successThreshold: 1, renotifyMinutes: 0, channelIds: [], createdAt: 1, updatedAt: 1, v: 2, timeZone: 'UTC',
};
await pool.runBatch([JSON.stringify(monitor)], 10_000, ([[, result]]) => console.log(JSON.stringify(result)));
await pool.close();
