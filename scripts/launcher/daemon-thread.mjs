// A daemon (dist/controller.js or dist/worker.js) as a thread of the launcher, unchanged: "stop" from the
// launcher is the SIGTERM its shutdown handlers wait for (a thread receives no signals of its own), and
// its process.exit ends this thread only, with the daemon's exit code. The daemon answers the launcher's
// metrics requests on the same port itself (lib/metrics/serve.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

parentPort?.on('message', (message) => {
  if (message === 'stop') process.emit('SIGTERM', 'SIGTERM');
});
await import(pathToFileURL(workerData.entry).href);
