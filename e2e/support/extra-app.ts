import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, waitFor } from '../../test/support/ports';

/**
 * One more `next start` on the build global-setup made, on a free port, with its own key prefix and
 * admin password (so it shares nothing with the main app but the Redis it is given). A spec starts
 * it when the order of the first requests matters, and stops it by its pid.
 */
export interface ExtraApp {
  baseURL: string;
  password: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startExtraApp(name: string, redisUrl = process.env.E2E_REDIS_URL!): Promise<ExtraApp> {
  const port = await freePort();
  const password = `extra-${name}-${randomBytes(6).toString('hex')}`;
  const child: ChildProcess = spawn(join(process.cwd(), 'node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      REDIS_URL: redisUrl,
      IMALERT_KEY_PREFIX: `e2e-${name}`,
      IMALERT_SECRET_KEY: randomBytes(32).toString('base64'),
      IMALERT_ADMIN_PASSWORD: password,
      IMALERT_MIN_INTERVAL_SECONDS: '2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseURL = `http://127.0.0.1:${port}`;
  // Its ready line, not a probe request: which request comes first is what a spec may want to choose.
  await waitFor(() => output.includes('Ready'), 60_000, 100, `next start for ${name}`);
  const stop = async () => {
    if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid, 'SIGTERM');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
  };
  return { baseURL, password, output: () => output, stop };
}
