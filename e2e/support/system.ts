import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startRedis } from '../../test/support/redis-server';
import { freePort, waitFor } from '../../test/support/ports';
import { startSlackRecorder } from './slack-recorder';

/**
 * The whole system for one Playwright worker: a redis-server of its own, a Slack stand-in, the UI
 * server on the build global-setup made, the controller and the worker. Each Playwright worker gets
 * its own, so spec files in different workers share nothing; settings reach the tests through the
 * worker's process.env.
 */
export const ROOT = join(import.meta.dirname, '..', '..');
export const LOG_DIR = join(ROOT, 'test-results', 'e2e-logs');
export const ADMIN_PASSWORD = 'e2e-admin-password-Kx7';
export const METRICS_TOKEN = 'e2e-metrics-token-4f9c2a7d1b';

export interface E2eSystem {
  /** What the tests read from process.env (E2E_BASE_URL, E2E_REDIS_URL, ...). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts `command` with its output in test-results/e2e-logs/<name>.log. */
export function startLogged(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  mkdirSync(LOG_DIR, { recursive: true });
  const log = createWriteStream(join(LOG_DIR, `${name}.log`));
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });
}

/** Settings every process of the system shares; the short intervals keep the tests' waits short. */
function systemEnv(redisUrl: string, slackUrl: string, appPort: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_SKIP_TYPECHECK: '1',
    NEXT_TELEMETRY_DISABLED: '1',
    REDIS_URL: redisUrl,
    IMALERT_KEY_PREFIX: 'e2e',
    IMALERT_SECRET_KEY: randomBytes(32).toString('base64'),
    IMALERT_ADMIN_PASSWORD: ADMIN_PASSWORD,
    METRICS_TOKEN,
    IMALERT_MIN_INTERVAL_SECONDS: '2', // 2, not 1: a schedule below the minimum must be possible to type (every second)
    SLACK_WEBHOOK_URL: slackUrl,
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
}

export async function startSystem(name: string): Promise<E2eSystem> {
  const redis = await startRedis();
  const slackPort = await freePort();
  const slack = await startSlackRecorder(slackPort);
  const appPort = await freePort();
  const env = systemEnv(redis.url, slack.url, appPort);

  const children: ChildProcess[] = [];
  // The way `npm start` runs it: our server around the production build (it sets the client address).
  children.push(startLogged(`${name}-next`, process.execPath, [join(ROOT, 'scripts', 'ui-server.mjs'), '--port', String(appPort), '--hostname', '127.0.0.1'], env));
  for (const daemon of ['controller', 'worker']) {
    children.push(startLogged(`${name}-${daemon}`, process.execPath, [join(ROOT, 'dist', `${daemon}.js`)], env));
  }

  const stop = async () => {
    for (const child of children) if (child.pid && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGTERM');
    await Promise.race([Promise.all(children.map(exited)), new Promise((r) => setTimeout(r, 5000))]);
    for (const child of children) if (child.pid && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
    await new Promise<void>((resolve) => {
      slack.server.close(() => resolve());
      slack.server.closeAllConnections();
    });
    await redis.stop();
  };

  const baseURL = `http://127.0.0.1:${appPort}`;
  try {
    await waitFor(async () => (await fetch(`${baseURL}/login`)).ok, 60_000, 250, `the UI server (see test-results/e2e-logs/${name}-next.log)`);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    env: {
      E2E_BASE_URL: baseURL,
      E2E_REDIS_URL: redis.url,
      E2E_KEY_PREFIX: 'e2e',
      E2E_SLACK_BASE: `http://127.0.0.1:${slackPort}`,
      E2E_SLACK_URL: slack.url,
      E2E_ADMIN_PASSWORD: ADMIN_PASSWORD,
      E2E_METRICS_TOKEN: METRICS_TOKEN,
    },
    stop,
  };
}
