import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startRedis, type TestRedis } from '../test/support/redis-server';
import { freePort, waitFor } from '../test/support/ports';
import { expect, test } from './support/fixtures';

/**
 * A second `next start` (same build) whose Redis is not running yet: the pages say so instead of
 * failing, and the dashboard fills in by itself once Redis is there.
 */
let app: ChildProcess | undefined;
let redis: TestRedis | undefined;
let baseURL = '';
let redisPort = 0;
let output = '';

test.beforeAll(async () => {
  redisPort = await freePort();
  const port = await freePort();
  app = spawn(join(process.cwd(), 'node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      IMALERT_KEY_PREFIX: 'e2e-redis-down',
      IMALERT_SECRET_KEY: randomBytes(32).toString('base64'),
      IMALERT_ADMIN_PASSWORD: 'redis-down-password-1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  app.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  baseURL = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${baseURL}/api/health`).catch(() => null)) !== null, 30_000, 200, `next start (${output})`);
});

test.afterAll(async () => {
  if (app?.pid && app.exitCode === null) {
    const gone = new Promise((resolve) => app!.once('exit', resolve));
    app.kill('SIGTERM');
    await gone;
  }
  await redis?.stop();
});

test('with Redis down the pages say so instead of failing, and the dashboard recovers by itself', async ({ browser }) => {
  const health = await fetch(`${baseURL}/api/health`);
  expect(health.status).toBe(503);
  expect(await health.json()).toEqual({ ok: false, redis: 'down' });

  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Admin password').fill('redis-down-password-1');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('login-error')).toHaveText('Redis is not reachable, so nobody can log in right now.');

  // The dashboard itself (a cookie gets past the proxy's redirect; the session cannot be checked).
  await context.addCookies([{ name: 'imalert_session', value: 'A'.repeat(43), url: baseURL }]);
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId('redis-down')).toContainText('Redis is not reachable');
  await expect(page.getByTestId('system-strip')).toContainText('Redis: not reachable');
  expect(await page.content()).not.toMatch(/ECONNREFUSED|at async|node_modules/);

  // Redis comes back: the page, never reloaded, notices (here the made-up session sends it to log in).
  redis = await startRedis({ port: redisPort });
  await expect(page).toHaveURL(/\/login/, { timeout: 30_000 });
  expect((await fetch(`${baseURL}/api/health`)).status).toBe(200);
  await context.close();
});
