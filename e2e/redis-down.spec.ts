import { startRedis, type TestRedis } from '../test/support/redis-server';
import { freePort } from '../test/support/ports';
import { startExtraApp, type ExtraApp } from './support/extra-app';
import { expect, submitLogin, test } from './support/fixtures';

/**
 * A second `next start` (same build) whose Redis is not running yet: the pages say so instead of
 * failing, and the dashboard fills in by itself once Redis is there.
 */
let app: ExtraApp;
let redis: TestRedis | undefined;
let redisPort = 0;

test.beforeAll(async () => {
  redisPort = await freePort();
  app = await startExtraApp('redis-down', `redis://127.0.0.1:${redisPort}`);
});

test.afterAll(async () => {
  await app?.stop();
  await redis?.stop();
});

test('with Redis down the pages say so instead of failing, and the dashboard recovers by itself', async ({ browser }) => {
  const { baseURL } = app;
  const health = await fetch(`${baseURL}/api/health`);
  expect(health.status).toBe(503);
  expect(await health.json()).toEqual({ ok: false, redis: 'down' });

  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await submitLogin(page, app.password);
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
