import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasRedisConfigured, loadConfig, requireRedisConnection } from '../lib/config';
import { createLogger } from '../lib/log';
import type { MetricsServer } from '../lib/metrics';
import { startProcess, startThread, stopChildren, type Child, type ThreadChild } from './launcher/children';
import { firstStart } from './launcher/first-start';
import { serveLauncherMetrics } from './launcher/metrics';
import { describeRedisConnection, isFree, startOwnRedis, type LaunchedRedis } from './launcher/own-redis';
import { ensureSecretKey } from './launcher/secret-key';
import { ensureUiBuild } from './launcher/ui-build';

// `npm start` (and `npm run dev` with --dev), as `node dist/start.js`: Redis (the configured one —
// REDIS_URL, Sentinel or Cluster — or its own redis-server), the secret key, the UI build, then the UI as a child process and the controller and
// the worker as threads of this process. Ctrl-C stops them all.
const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = join(root, '.data');
const dev = process.argv.includes('--dev');
const CHILD_GRACE_MS = 40_000; // longer than the worker's shutdown grace (30 s by default)

let redis: LaunchedRedis | undefined;
let children: Child[] = [];
let threads: ThreadChild[] = [];
let metrics: MetricsServer | undefined;
let stopping = false;

const say = (line: string) => console.log(`imalert: ${line}`);

async function shutdown(reason: string, exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    const started = children.length > 0 || redis?.child !== undefined;
    if (started) say(`stopping (${reason})...`);
    await stopChildren(children, CHILD_GRACE_MS);
    await metrics?.stop();
    await redis?.stop();
    if (started) say('stopped.');
  }
  process.exit(exitCode);
}

function forceStop(): never {
  children.forEach((child) => child.kill());
  redis?.child?.kill('SIGKILL');
  process.exit(1);
}

// Ctrl-C may reach us more than once (from the terminal and relayed by npm): only a signal
// that comes well after the first one means "stop now, without waiting".
let firstSignalAt = 0;
const onSignal = (reason: string) => {
  if (!stopping) {
    firstSignalAt = Date.now();
    void shutdown(reason, 0);
  } else if (Date.now() - firstSignalAt > 1500) {
    forceStop();
  }
};
process.on('SIGINT', () => onSignal('Ctrl-C'));
process.on('SIGTERM', () => onSignal('SIGTERM'));
// Last resort if the launcher itself crashes: leave no process behind.
process.on('exit', () => {
  children.forEach((child) => child.kill());
  if (redis?.child && redis.child.exitCode === null) redis.child.kill('SIGKILL');
});

async function waitForUi(port: number): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline && !stopping) {
    try {
      await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const port = config.PORT;
  if (!(await isFree(port))) throw new Error(`port ${port} is in use. Stop what uses it, or choose another port: PORT=3001 npm start`);
  const secret = ensureSecretKey(config.IMALERT_SECRET_KEY, dataDir);

  redis = hasRedisConfigured(config)
    ? { description: describeRedisConnection(requireRedisConnection(config)), stop: async () => undefined }
    : await startOwnRedis(dataDir);
  say(`Redis: ${redis.description}`);
  if (stopping) return;

  const ownRedis = redis.url ? { REDIS_URL: redis.url } : {};
  const env: NodeJS.ProcessEnv = { ...process.env, ...ownRedis, IMALERT_SECRET_KEY: secret.key, NEXT_TELEMETRY_DISABLED: '1', PORT: String(port) };
  const description = redis.description;
  const firstLines = await firstStart(env).catch((error: Error) => {
    throw new Error(`cannot use Redis at ${description}: ${error.message}`);
  });
  for (const line of firstLines) say(line);
  if (!dev) await ensureUiBuild(root, env);
  if (stopping) return;
  // One endpoint for this process and both daemon threads (scripts/launcher/metrics.ts).
  metrics = await serveLauncherMetrics(() => threads.map((t) => t.thread), config, createLogger({ process: 'launcher' }, 'warn'));
  if (metrics) say(`metrics: ${metrics.url}`);

  // Built by scripts/build-daemons.mjs (npm start runs it first). npm start sets MALLOC_ARENA_MAX:
  // without it glibc gives each busy thread malloc arenas of its own, which stay resident.
  threads = ['controller', 'worker'].map((name) => startThread(name, join(root, 'dist', `${name}.js`), { root, env, metricsToLauncher: metrics !== undefined }));
  children = [
    // Our own server around Next: it gives the app the client's socket address (see ui-server.mjs).
    startProcess('ui', process.execPath, [join(root, 'scripts', 'ui-server.mjs'), '--port', String(port), ...(dev ? ['--dev'] : [])], { cwd: root, env }),
    ...threads,
  ];
  for (const child of children) {
    void child.exited.then(({ code, signal }) => {
      if (stopping) return;
      console.error(`imalert: ${child.name} exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); stopping everything.`);
      void shutdown(`${child.name} died`, 1);
    });
  }

  await waitForUi(port);
  if (stopping) return;
  say(`running ${children.map((c) => c.name).join(', ')}${dev ? ' (development mode)' : ''}; secret key from ${secret.source}.`);
  console.log(`\nimalert is running: open http://localhost:${port}\nRedis: ${redis.description}\nPress Ctrl-C to stop.\n`);
}

main().catch((error: Error) => {
  console.error(`imalert: ${error.message}`);
  void shutdown('start failed', 1);
});
