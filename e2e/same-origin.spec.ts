import { createHash } from 'node:crypto';
import { captureAction, expect, KEY_PREFIX, logIn, test } from './support/fixtures';
import { otherOriginPage } from './support/other-origin';

const sessionKey = (cookie: string) => `${KEY_PREFIX()}:session:${createHash('sha256').update(cookie).digest('hex')}`;

test('a server action posted with another site\'s Origin is refused with 403 and changes nothing', async ({ page, redis }) => {
  await logIn(page);
  const created = await page.request.post('/api/monitors', { data: { kind: 'remind', name: 'e2e foreign action', message: 'hi', cron: '0 0 1 1 *' } });
  const { id } = (await created.json()) as { id: string };
  const captured = await captureAction(page, `/monitors/${id}`, () => page.getByRole('button', { name: 'Pause' }).click());
  const [session] = (await page.context().cookies()).filter((c) => c.name === 'imalert_session');
  const headers: Record<string, string> = { ...captured.headers, cookie: `imalert_session=${session.value}` };
  delete headers['content-length'];

  for (const origin of ['http://evil.example', 'http://127.0.0.1:1', 'null']) {
    const response = await page.request.post(captured.url, { headers: { ...headers, origin }, data: captured.body, maxRedirects: 0 });
    expect(response.status(), origin).toBe(403);
    expect(await response.text()).toContain('came from another site');
  }
  const stored = async () => JSON.parse((await redis.get(`${KEY_PREFIX()}:monitor:${id}`))!) as { enabled: boolean };
  expect((await stored()).enabled).toBe(true);
  // The control: from our own origin the same request pauses it.
  const own = await page.request.post(captured.url, { headers, data: captured.body, maxRedirects: 0 });
  expect(own.status()).toBeLessThan(400);
  expect((await stored()).enabled).toBe(false);
  await page.request.delete(`/api/monitors/${id}`);
});

test('a form on another site cannot log the admin out; our own Log out ends the session in Redis', async ({ page }) => {
  await logIn(page);
  const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'imalert_session');
  const attacker = await otherOriginPage(
    `<!doctype html><form id="f" method="post" action="${process.env.E2E_BASE_URL}/logout"></form><script>document.getElementById('f').submit()</script>`,
  );
  try {
    const answer = page.waitForResponse((response) => response.url().endsWith('/logout'));
    await page.goto(attacker.url);
    expect((await answer).status()).toBe(403);
  } finally {
    await attacker.close();
  }
  const [still] = (await page.context().cookies()).filter((c) => c.name === 'imalert_session');
  expect(still?.value).toBe(cookie.value);
  expect((await page.request.get('/api/dashboard')).status()).toBe(200);

  await page.goto('/');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login/);
  expect((await page.context().cookies()).filter((c) => c.name === 'imalert_session')).toEqual([]);
});

test('Redis holds no session cookie: its keys are hashes, and a key copied from Redis logs nobody in', async ({ page, browser, redis }) => {
  await logIn(page);
  const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'imalert_session');
  expect((await page.request.get('/api/dashboard')).status()).toBe(200);
  const sessionKeys = await redis.keys(`${KEY_PREFIX()}:session:*`);
  expect(sessionKeys.length).toBeGreaterThan(0);
  const stolen = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  for (const key of sessionKeys.slice(-5)) {
    const value = key.slice(`${KEY_PREFIX()}:session:`.length);
    await stolen.addCookies([{ name: 'imalert_session', value, url: process.env.E2E_BASE_URL! }]);
    expect((await stolen.request.get('/api/dashboard')).status(), value).toBe(401);
  }
  await stolen.close();
  expect((await redis.keys('*')).filter((key) => key.includes(cookie.value))).toEqual([]);
  expect(await redis.exists(sessionKey(cookie.value))).toBe(1);

  // Logging out deletes the session's key.
  await page.goto('/');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login/);
  expect(await redis.exists(sessionKey(cookie.value))).toBe(0);
});
