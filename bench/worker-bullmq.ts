/**
 * A BullMQ worker process for `npm run bench -- worker` (the baseline): started by bench/worker.ts,
 * never by hand. BENCH_PROCESSOR = noop | tcp (connect to BENCH_PORT) | http (GET BENCH_URL + path).
 * Prints one JSON line when ready; SIGTERM closes it.
 */
import { connect } from 'node:net';
import { Worker } from 'bullmq';

const env = process.env;
const connection = { host: '127.0.0.1', port: Number(env.BENCH_REDIS_PORT), maxRetriesPerRequest: null };
const kind = env.BENCH_PROCESSOR ?? 'noop';

const tcpCheck = () => new Promise<void>((resolve) => {
  const socket = connect(Number(env.BENCH_PORT), '127.0.0.1');
  socket.once('connect', () => {
    socket.destroy();
    resolve();
  });
  socket.once('error', () => resolve());
});

async function processor(job: { data: { path?: string } }): Promise<void> {
  if (kind === 'tcp') await tcpCheck();
  else if (kind === 'http') await fetch(`${env.BENCH_URL}${job.data.path ?? '/'}`).then((r) => r.text()).catch(() => undefined);
}

const worker = new Worker(env.BENCH_QUEUE ?? 'bench', processor, {
  connection,
  prefix: env.BENCH_PREFIX ?? 'bull',
  concurrency: Number(env.BENCH_CONCURRENCY ?? 128),
  removeOnComplete: { count: 0 },
  removeOnFail: { count: 0 },
});
await worker.waitUntilReady();
process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid })}\n`);
process.on('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
