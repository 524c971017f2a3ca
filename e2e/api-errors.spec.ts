import { request as httpRequest } from 'node:http';
import { startRedis, type TestRedis } from '../test/support/redis-server';
import { startExtraApp, type ExtraApp } from './support/extra-app';
import { expect, logIn, monitorIdByName, test } from './support/fixtures';

/** What the API and the forms answer to oversized, malformed and ill-timed requests: a 4xx or 503, never a 500. */
const remind = (name: string, message = 'hi') => ({ kind: 'remind', name, message, cron: '0 0 1 1 *' });

async function sessionCookie(page: import('@playwright/test').Page): Promise<string> {
  const cookies = await page.context().cookies();
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/** A POST streamed in chunks, with no Content-Length: the server must count what it reads. */
function postChunked(url: string, cookie: string, chunks: number, chunk: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.write(JSON.stringify(remind('chunked')));
    let written = 0;
    const next = () => {
      if (written++ >= chunks) return req.end();
      if (req.write(chunk)) setImmediate(next);
      else req.once('drain', next);
    };
    next();
  });
}

/** A valid monitor padded with JSON whitespace to about `bytes`: only its size can be wrong. */
const padded = (name: string, bytes: number) => JSON.stringify(remind(name)) + ' '.repeat(bytes);

test('an API body over 64 KB is refused with 413, whether or not it says its length', async ({ page, redis }) => {
  await logIn(page);
  const json = { 'content-type': 'application/json' };
  const big = await page.request.post('/api/monitors', { headers: json, data: padded('too big', 100 * 1024) });
  expect(big.status()).toBe(413);
  expect((await big.json()).error).toMatch(/64 KB/);
  expect(await monitorIdByName(redis, 'too big')).toBeNull();

  const streamed = await postChunked(`${process.env.E2E_BASE_URL}/api/monitors`, await sessionCookie(page), 2000, ' '.repeat(1024));
  expect(streamed.status).toBe(413);
  expect(JSON.parse(streamed.body).error).toMatch(/64 KB/);
  expect(await monitorIdByName(redis, 'chunked')).toBeNull();

  const small = await page.request.post('/api/monitors', { headers: json, data: padded('small enough', 60 * 1024) });
  expect(small.status()).toBe(201);
});

test('a login body over the action limit is answered without a server error', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const page = await context.newPage();
  const statuses: number[] = [];
  page.on('response', (response) => statuses.push(response.status()));
  await page.goto('/login');
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password', { exact: true }).evaluate((input: HTMLInputElement) => (input.value = 'p'.repeat(2 * 1024 * 1024)));
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('login-error')).toHaveText(/too long/);
  expect(statuses.filter((s) => s >= 500)).toEqual([]);

  // As a form without JavaScript posts it (no Next-Action header) and as the client's fetch does.
  for (const headers of [{}, { 'next-action': 'x'.repeat(42) }] as Record<string, string>[]) {
    const raw = await context.request.post('/login', { headers, multipart: { password: 'p'.repeat(2 * 1024 * 1024) } });
    expect(raw.status()).toBe(413);
    expect(await raw.text()).toMatch(/over 1 MB/);
  }
  await context.close();
});

test('a malformed or unknown API path is a JSON 4xx, not a 500', async ({ page }) => {
  await logIn(page);
  for (const method of ['GET', 'PUT', 'DELETE']) {
    const response = await page.request.fetch('/api/monitors/%E0%A4%A', { method, data: method === 'PUT' ? remind('bad path') : undefined });
    expect([400, 404], `${method} ${response.status()}`).toContain(response.status());
    expect((await response.json()).error).toBeTruthy();
  }
  for (const path of ['/api/monitors/%E0%A4%A/run', '/api/monitors/%E0%A4%A/status', '/api/no-such-thing']) {
    const response = await page.request.fetch(path, { method: path.endsWith('/run') ? 'POST' : 'GET' });
    expect([400, 404], `${path} ${response.status()}`).toContain(response.status());
    expect((await response.json()).error).toBeTruthy();
  }
});

test.describe('with Redis frozen', () => {
  let redis: TestRedis;
  let app: ExtraApp;
  test.beforeAll(async () => {
    redis = await startRedis();
    app = await startExtraApp('frozen', redis.url);
  });
  test.afterAll(async () => {
    await app?.stop();
    await redis?.stop();
  });

  test('a form says Redis is not reachable, as the API does', async ({ browser }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ baseURL: app.baseURL });
    const page = await context.newPage();
    await logIn(page, app.password);
    await page.goto('/monitors/new?kind=remind');
    await page.getByLabel('Name', { exact: true }).fill('while frozen');
    await page.getByLabel('Cron expression').fill('0 0 1 1 *');
    await page.getByLabel('Message').fill('hello');

    process.kill(redis.pid(), 'SIGSTOP');
    try {
      const api = await page.request.post('/api/monitors', { data: remind('api while frozen') });
      expect(api.status()).toBe(503);
      expect((await api.json()).error).toBe('Redis is not reachable.');
      await page.getByRole('button', { name: 'Create monitor' }).click();
      await expect(page.getByText('Redis is not reachable')).toBeVisible({ timeout: 30_000 });
      await expect(page.getByText('Something went wrong on our side')).toHaveCount(0);
    } finally {
      process.kill(redis.pid(), 'SIGCONT');
    }
    await context.close();
  });
});

test('a taken name is 409 and a monitor that does not exist is 404, each as JSON', async ({ page }) => {
  await logIn(page);
  expect((await page.request.post('/api/monitors', { data: remind('taken name') })).status()).toBe(201);
  const again = await page.request.post('/api/monitors', { data: remind('Taken Name') });
  expect(again.status()).toBe(409);
  expect((await again.json()).fieldErrors.name).toEqual(['A monitor with this name already exists']);

  const missing = 'm0000000000000000';
  for (const [method, path] of [['GET', ''], ['PUT', ''], ['DELETE', ''], ['POST', '/run'], ['GET', '/status']]) {
    const response = await page.request.fetch(`/api/monitors/${missing}${path}`, { method, data: method === 'PUT' ? remind('gone') : undefined });
    expect(response.status(), `${method} ${path}`).toBe(404);
    expect((await response.json()).error).toBeTruthy();
  }
});
