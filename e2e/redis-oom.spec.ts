import { startRedis, type TestRedis } from '../test/support/redis-server';
import { startExtraApp, type ExtraApp } from './support/extra-app';
import { expect, logIn, submitLogin, test } from './support/fixtures';

/**
 * A second `next start` (same build) on a Redis of its own that reaches its memory limit: health says
 * so, pages still read, and a write is refused with a clear 503 instead of a 500.
 */
let app: ExtraApp;
let redis: TestRedis;

test.beforeAll(async () => {
  redis = await startRedis();
  app = await startExtraApp('redis-oom', redis.url);
});

test.afterAll(async () => {
  await redis?.client().config('SET', 'maxmemory', '0').catch(() => undefined);
  await app?.stop();
  await redis?.stop();
});

test('Redis out of memory: health says so, the dashboard still shows what is stored, a new monitor is refused with 503', async ({ browser }) => {
  const { baseURL } = app;
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await logIn(page, app.password);
  const headers = { Origin: baseURL };
  const monitor = { kind: 'remind', name: 'stored before the limit', message: 'hi', cron: '0 0 1 1 *' };
  expect((await page.request.post('/api/monitors', { headers, data: monitor })).status()).toBe(201);

  // At the limit, as with `CONFIG SET maxmemory 1mb` on a small instance (noeviction).
  const admin = redis.client();
  await admin.set('filler', 'x'.repeat(1_500_000));
  await admin.config('SET', 'maxmemory', '1mb');

  const health = await fetch(`${baseURL}/api/health`);
  expect(health.status).toBe(503);
  expect(await health.json()).toEqual({ ok: false, redis: 'out of memory' });

  const dashboard = await page.goto('/');
  expect(dashboard?.status()).toBe(200);
  await expect(page.getByText('stored before the limit')).toBeVisible();

  const refused = await page.request.post('/api/monitors', { headers, data: { ...monitor, name: 'made during the limit' } });
  expect(refused.status()).toBe(503);
  expect((await refused.json()).error).toBe('Redis is out of memory; nothing was saved.');
  const listed = await page.request.get('/api/monitors');
  expect(listed.status()).toBe(200);
  expect(JSON.stringify(await listed.json())).not.toContain('made during the limit');

  // A new login needs a write: the form says why it cannot be stored, not "something went wrong".
  const other = await browser.newContext({ baseURL });
  const login = await other.newPage();
  await submitLogin(login, app.password);
  await expect(login.getByText('Redis is out of memory, so no new login can be stored right now.')).toBeVisible();
  await other.close();
  expect(app.output()).not.toMatch(/at async|node_modules/);

  await admin.config('SET', 'maxmemory', '0');
  const back = await fetch(`${baseURL}/api/health`);
  expect(back.status).toBe(200);
  expect(await back.json()).toMatchObject({ ok: true, redis: 'up' });
  await context.close();
});
