import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, logIn, monitorCount, test } from './support/fixtures';

test('a wrong password is refused and the right one logs in', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Admin password').fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('login-error')).not.toBeEmpty();
  await expect(page).toHaveURL(/\/login/);

  await logIn(page);
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
});

/** Every route handler under app/api (as the tree holds them) and its methods, with a made-up id for [id]. */
function routeHandlers(dir = join(process.cwd(), 'app', 'api'), base = '/api'): { path: string; method: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (!entry.isDirectory()) {
      if (entry.name !== 'route.ts') return [];
      const source = readFileSync(join(dir, entry.name), 'utf8');
      const methods = [...source.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
      return methods.map((method) => ({ path: base, method }));
    }
    const segment = entry.name.startsWith('[') ? 'm0000000000000000' : entry.name;
    return routeHandlers(join(dir, entry.name), `${base}/${segment}`);
  });
}

test('route handlers refuse a request without a session', async ({ request }) => {
  const handlers = routeHandlers().filter((h) => h.path !== '/api/health');
  expect(handlers).toContainEqual({ path: '/api/monitors/m0000000000000000/status', method: 'GET' });
  for (const { path, method } of handlers) {
    for (const headers of [{ cookie: 'imalert_session=forged' }, {}] as Record<string, string>[]) {
      const response = await request.fetch(path, { method, headers: { ...headers, 'content-type': 'application/json' }, data: method === 'GET' ? undefined : '{}' });
      expect(response.status(), `${method} ${path}`).toBe(401);
    }
  }
});

test('a server action posted without a valid session changes nothing', async ({ page, browser, redis }) => {
  // Capture a real action request (its id and body) while logged in, then replay it without the session.
  await logIn(page);
  await page.goto('/monitors/new?kind=remind');
  let captured: { url: string; headers: Record<string, string>; body: string } | undefined;
  await page.route('**/monitors/new**', async (route) => {
    const req = route.request();
    if (req.method() === 'POST' && req.headers()['next-action']) {
      captured = { url: req.url(), headers: req.headers(), body: req.postData() ?? '' };
      await route.abort();
      return;
    }
    await route.continue();
  });
  await page.getByLabel('Name', { exact: true }).fill('posted without a session');
  await page.getByLabel('Message').fill('hello');
  await page.getByRole('button', { name: 'Create monitor' }).click();
  await expect.poll(() => captured).toBeTruthy();
  const before = await monitorCount(redis);

  const stranger = await browser.newContext();
  const headers: Record<string, string> = { ...captured!.headers, cookie: 'imalert_session=forged' };
  delete headers['content-length'];
  const response = await stranger.request.post(captured!.url, { headers, data: captured!.body, maxRedirects: 0 });
  // The action's own session check answers with a redirect to the login page instead of running.
  expect(response.headers()['x-action-redirect'] ?? response.headers()['location'] ?? '').toMatch(/^\/login/);
  // Without any cookie the proxy sends it to /login before it reaches the action.
  const { cookie: _cookie, ...withoutCookie } = headers;
  const bare = await stranger.request.post(captured!.url, { headers: withoutCookie, data: captured!.body, maxRedirects: 0 });
  expect(bare.status()).toBeGreaterThanOrEqual(300);
  expect(bare.headers()['location'] ?? '').toContain('/login');
  expect(await monitorCount(redis)).toBe(before);
  expect(await redis.hget(`{${process.env.E2E_KEY_PREFIX}}:monitor-names`, 'posted without a session')).toBeNull();
  await stranger.close();
});
