import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureAction, expect, KEY_PREFIX, logIn, monitorCount, test } from './support/fixtures';

test('a wrong password is refused and the right one logs in', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
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
  // Public by design: the health probe, the OpenAPI document and the heartbeat ping URLs (their token is the credential).
  const handlers = routeHandlers().filter((h) => !/^\/api\/(health|openapi\.json|ping\/)/.test(h.path));
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
  const captured = await captureAction(page, '/monitors/new?kind=remind', async () => {
    await page.getByLabel('Name', { exact: true }).fill('posted without a session');
    await page.getByLabel('Message').fill('hello');
    await page.getByRole('button', { name: 'Create monitor' }).click();
  });
  const before = await monitorCount(redis);

  const stranger = await browser.newContext();
  const headers: Record<string, string> = { ...captured.headers, cookie: 'imalert_session=forged' };
  delete headers['content-length'];
  const response = await stranger.request.post(captured.url, { headers, data: captured.body, maxRedirects: 0 });
  // The action's own session check answers with a redirect to the login page instead of running.
  expect(response.headers()['x-action-redirect'] ?? response.headers()['location'] ?? '').toMatch(/^\/login/);
  // Without any cookie the proxy sends it to /login before it reaches the action.
  const { cookie: _cookie, ...withoutCookie } = headers;
  const bare = await stranger.request.post(captured.url, { headers: withoutCookie, data: captured.body, maxRedirects: 0 });
  expect(bare.status()).toBeGreaterThanOrEqual(300);
  expect(bare.headers()['location'] ?? '').toContain('/login');
  expect(await monitorCount(redis)).toBe(before);
  expect(await redis.hget(`{${process.env.E2E_KEY_PREFIX}}:monitor-names`, 'posted without a session')).toBeNull();
  await stranger.close();
});

test('settings and monitor-page actions posted with a made-up session change nothing', async ({ page, browser, redis }) => {
  await logIn(page);
  const created = await page.request.post('/api/monitors', { data: { kind: 'remind', name: 'e2e action replay', message: 'hi', cron: '0 0 1 1 *' } });
  const { id } = (await created.json()) as { id: string };
  const pause = await captureAction(page, `/monitors/${id}`, () => page.getByRole('button', { name: 'Pause' }).click());
  const addChannel = await captureAction(page, '/settings', async () => {
    await page.getByLabel('Name', { exact: true }).fill('e2e replayed channel');
    await page.getByLabel('Incoming webhook URL').fill(`${process.env.E2E_SLACK_BASE}/services/T0/B0/replayed`);
    await page.getByRole('button', { name: 'Add channel' }).click();
  });
  const channelsBefore = await redis.zcard(`${KEY_PREFIX()}:channels`);

  const stranger = await browser.newContext();
  for (const request of [pause, addChannel]) {
    // A cookie of the right shape that is no session: the action's own check must refuse it.
    const headers: Record<string, string> = { ...request.headers, cookie: `imalert_session=${'A'.repeat(43)}` };
    delete headers['content-length'];
    const response = await stranger.request.post(request.url, { headers, data: request.body, maxRedirects: 0 });
    expect(response.headers()['x-action-redirect'] ?? response.headers()['location'] ?? '', request.url).toMatch(/^\/login/);
  }
  await stranger.close();
  expect(JSON.parse((await redis.get(`${KEY_PREFIX()}:monitor:${id}`))!).enabled).toBe(true);
  expect(await redis.zcard(`${KEY_PREFIX()}:channels`)).toBe(channelsBefore);
  // The control: the same request with the real session does pause it, so the refusal above was the session's.
  const [session] = (await page.context().cookies()).filter((c) => c.name === 'imalert_session');
  const headers: Record<string, string> = { ...pause.headers, cookie: `imalert_session=${session.value}` };
  delete headers['content-length'];
  await page.request.post(pause.url, { headers, data: pause.body, maxRedirects: 0 });
  expect(JSON.parse((await redis.get(`${KEY_PREFIX()}:monitor:${id}`))!).enabled).toBe(false);
  await page.request.delete(`/api/monitors/${id}`);
});

test('the session cookie is httpOnly, SameSite=Lax and expires; Secure when the request came over https', async ({ page, browser }) => {
  await logIn(page);
  const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'imalert_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
  expect(cookie.expires * 1000).toBeGreaterThan(Date.now() + 3_600_000); // a session, not a browser-lifetime cookie
  expect(await page.evaluate(() => document.cookie)).not.toContain('imalert_session');

  // Behind a TLS-terminating proxy (Vercel, nginx) the request says so in X-Forwarded-Proto.
  const behindTls = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, extraHTTPHeaders: { 'x-forwarded-proto': 'https' } });
  const tlsPage = await behindTls.newPage();
  const setCookies: string[] = [];
  tlsPage.on('response', async (response) => {
    const header = (await response.allHeaders().catch(() => ({}) as Record<string, string>))['set-cookie'];
    if (header?.includes('imalert_session=')) setCookies.push(header);
  });
  await tlsPage.goto('/login');
  await tlsPage.getByLabel('User name').fill('admin');
  await tlsPage.getByLabel('Password', { exact: true }).fill(process.env.E2E_ADMIN_PASSWORD!);
  await tlsPage.getByRole('button', { name: 'Log in' }).click();
  await expect.poll(() => setCookies.length).toBeGreaterThan(0);
  expect(setCookies[0]).toMatch(/;\s*Secure/i);
  expect(setCookies[0]).toMatch(/;\s*HttpOnly/i);
  expect(setCookies[0]).toMatch(/;\s*SameSite=lax/i);
  expect(setCookies[0]).toMatch(/;\s*Expires=/i);
  await behindTls.close();
});

test('logging out ends the session on the server: the old cookie opens nothing', async ({ page, browser }) => {
  await logIn(page);
  const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'imalert_session');
  expect((await page.request.get('/api/dashboard')).status()).toBe(200);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login/);
  // Someone who copied the cookie before the logout cannot use it afterwards.
  const copy = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  await copy.addCookies([{ ...cookie }]);
  expect((await copy.request.get('/api/dashboard')).status()).toBe(401);
  const copied = await copy.newPage();
  await copied.goto('/settings');
  await expect(copied).toHaveURL(/\/login/);
  await copy.close();
});

test('every page refuses a visitor without a valid session', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const page = await context.newPage();
  const pages = ['/', '/settings', '/alerts', '/monitors/new', '/monitors/new?kind=redis', '/monitors/m0000000000000000', '/monitors/m0000000000000000/edit'];
  // A forged cookie gets past the proxy's convenience redirect: each page checks the session itself.
  await context.addCookies([{ name: 'imalert_session', value: 'A'.repeat(43), url: process.env.E2E_BASE_URL! }]);
  for (const path of pages) {
    await page.goto(path);
    await expect(page, path).toHaveURL(/\/login/);
    await expect(page.getByRole('heading', { name: 'Log in to imalert' })).toBeVisible();
  }
  await context.clearCookies();
  for (const path of pages) {
    await page.goto(path);
    await expect(page, path).toHaveURL(/\/login/);
  }
  await context.close();
});
