import type { Worker } from 'node:worker_threads';
import { AggregatorRegistry } from 'prom-client';
import type { Config } from '../../lib/config';
import type { Logger } from '../../lib/log';
import { createRegistry, LAUNCHER_METRICS_MESSAGE, startMetricsServer, type LauncherMetricsReply, type MetricsServer } from '../../lib/metrics';

/** A thread that does not answer within this long is left out of that scrape. */
const THREAD_ANSWER_MS = 5000;

/** A registry as getMetricsAsJSON() gives it (what AggregatorRegistry.aggregate takes). */
type MetricsJson = object[];
let nextRequestId = 0;

/** One thread's registry as JSON, or nothing when it has ended or does not answer in time. */
function askThread(thread: Worker): Promise<MetricsJson | undefined> {
  const id = ++nextRequestId;
  return new Promise((resolve) => {
    const done = (metrics?: MetricsJson) => {
      clearTimeout(timer);
      thread.off('message', onMessage);
      thread.off('exit', onExit);
      resolve(metrics);
    };
    const onMessage = (message: LauncherMetricsReply) => {
      if (message?.type === LAUNCHER_METRICS_MESSAGE && message.id === id) done(message.metrics as MetricsJson | undefined);
    };
    const onExit = () => done();
    const timer = setTimeout(done, THREAD_ANSWER_MS);
    thread.on('message', onMessage);
    thread.once('exit', onExit);
    try {
      thread.postMessage({ type: LAUNCHER_METRICS_MESSAGE, id });
    } catch {
      done(); // the thread is gone
    }
  });
}

/**
 * `npm start`'s one metrics endpoint on METRICS_PORT: the process's own metrics (CPU, memory: the
 * launcher is the whole process) and those of its daemon threads, summed as prom-client's cluster
 * aggregation sums workers, so a scrape reads like a controller and a worker side by side.
 */
export async function serveLauncherMetrics(threads: () => Worker[], config: Config, log: Logger): Promise<MetricsServer | undefined> {
  if (config.METRICS_PORT === undefined) return undefined;
  const own = createRegistry({ processMetrics: true });
  return startMetricsServer({
    host: config.METRICS_HOST, port: config.METRICS_PORT, token: config.METRICS_TOKEN, log,
    render: async () => {
      const answers = await Promise.all(threads().map(askThread));
      // The threads register no process metrics, so the two parts never share a name.
      const threadsTogether = AggregatorRegistry.aggregate(answers.filter((a): a is MetricsJson => a !== undefined));
      return { body: `${await own.metrics()}\n${await threadsTogether.metrics()}`, contentType: own.contentType };
    },
  });
}
