import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildDaemons } from '../scripts/build-daemons.mjs';
import { startRedis } from '../test/support/redis-server';
import { freePort, waitFor } from '../test/support/ports';
import { startSlackRecorder } from './support/slack-recorder';

/**
 * The whole system for the browser tests: a redis-server of our own, a Slack stand-in, `next start`
 * (built once when .next is missing), the controller and the worker. Returns the teardown, which
 * stops every process by its pid. Settings reach the tests through process.env.
 */
const root = join(import.meta.dirname, '..');
const logDir = join(root, 'test-results', 'e2e-logs');
export const ADMIN_PASSWORD = 'e2e-admin-password-Kx7';

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(join(logDir, `${name}.log`));
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });
}

export default async function globalSetup() {
  const redis = await startRedis();
  const slackPort = await freePort();
  const slack = await startSlackRecorder(slackPort);
  const appPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_SKIP_TYPECHECK: '1',
    NEXT_TELEMETRY_DISABLED: '1',
    REDIS_URL: redis.url,
    IMALERT_KEY_PREFIX: 'e2e',
    IMALERT_SECRET_KEY: randomBytes(32).toString('base64'),
    IMALERT_ADMIN_PASSWORD: ADMIN_PASSWORD,
    IMALERT_MIN_INTERVAL_SECONDS: '2', // 2, not 1: a schedule below the minimum must be possible to type (every second)
    SLACK_WEBHOOK_URL: slack.url,
    HEARTBEAT_MS: '500',
    WORKER_HEARTBEAT_MS: '500',
    CONTROLLER_TICK_MS: '100',
    WORKER_VISIBILITY_TIMEOUT_MS: '5000',
    WORKER_SHUTDOWN_GRACE_MS: '1000',
    ALERT_RENOTIFY_UNIT_SECONDS: '1',
    ALERT_HTTP_TIMEOUT_MS: '2000',
    CHECK_MAX_TIMEOUT_MS: '5000',
    LOG_LEVEL: 'info',
    PORT: String(appPort),
  };

  // Built once; E2E_REBUILD=1 forces a fresh build after changing the app.
  if (process.env.E2E_REBUILD === '1' || !existsSync(join(root, '.next', 'BUILD_ID'))) {
    const build = start('next-build', join(root, 'node_modules/.bin/next'), ['build'], env);
    if ((await exited(build)) !== 0) throw new Error('next build failed; see test-results/e2e-logs/next-build.log');
  }

  const children: ChildProcess[] = [];
  // The way `npm start` runs it: our server around the production build (it sets the client address).
  children.push(start('next', process.execPath, [join(root, 'scripts', 'ui-server.mjs'), '--port', String(appPort), '--hostname', '127.0.0.1'], env));
  // The daemons built to dist/ and run with plain node, as the systemd units run them.
  await buildDaemons(root);
  for (const daemon of ['controller', 'worker']) children.push(start(daemon, process.execPath, [join(root, 'dist', `${daemon}.js`)], env));

  const baseURL = `http://127.0.0.1:${appPort}`;
  await waitFor(async () => (await fetch(`${baseURL}/login`)).ok, 60_000, 250, 'next start');

  process.env.E2E_BASE_URL = baseURL;
  process.env.E2E_REDIS_URL = redis.url;
  process.env.E2E_KEY_PREFIX = 'e2e';
  process.env.E2E_SLACK_BASE = `http://127.0.0.1:${slackPort}`;
  process.env.E2E_SLACK_URL = slack.url;
  process.env.E2E_ADMIN_PASSWORD = ADMIN_PASSWORD;

  return async () => {
    for (const child of children) if (child.pid) process.kill(child.pid, 'SIGTERM');
    await Promise.race([Promise.all(children.map(exited)), new Promise((r) => setTimeout(r, 5000))]);
    for (const child of children) if (child.pid && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
    await new Promise<void>((resolve) => slack.server.close(() => resolve()));
    await redis.stop();
  };
}
