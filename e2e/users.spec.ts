import type { Browser, Page } from '@playwright/test';
import { captureAction, expect, KEY_PREFIX, logIn, test } from './support/fixtures';

/**
 * Users and roles end to end: an admin invites, the invitee sets a password through the link, logs
 * in as a viewer who sees and may change nothing (forged changes answer 403), becomes an editor, and
 * is disabled. Tests in this file share one system and run in order.
 */
test.describe.configure({ mode: 'serial' });

const enabledOf = async (redis: import('ioredis').Redis, id: string) => JSON.parse((await redis.get(`${KEY_PREFIX()}:monitor:${id}`))!).enabled as boolean;

async function invite(page: Page, name: string, role: string): Promise<string> {
  await page.goto('/settings/users');
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Role', { exact: true }).selectOption(role);
  await page.getByRole('button', { name: 'Invite' }).click();
  const link = await page.getByTestId('invite-link').textContent();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  return link!;
}

async function acceptInvite(browser: Browser, link: string, password: string) {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const page = await context.newPage();
  await page.goto(link);
  await page.getByLabel('New password').fill(password);
  await page.getByLabel('The same password again').fill(password);
  await page.getByRole('button', { name: 'Set password and log in' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  return { context, page };
}

const cookieOf = async (page: Page) => (await page.context().cookies()).find((c) => c.name === 'imalert_session')!.value;

test('invite → set a password → a viewer sees no edit control and a forged change is refused 403 → as editor it works → disabled it ends', async ({ page, browser, redis }) => {
  test.setTimeout(180_000); // one long story on a shared machine
  await logIn(page);
  const created = await page.request.post('/api/monitors', { data: { kind: 'remind', name: 'e2e roles target', message: 'hi', cron: '0 0 1 1 *' } });
  const { id } = (await created.json()) as { id: string };
  const pause = await captureAction(page, `/monitors/${id}`, () => page.getByRole('button', { name: 'Pause' }).click());
  const link = await invite(page, 'vic', 'viewer');
  await expect(page.getByTestId('user-' + (await redis.hget(`${KEY_PREFIX()}:user-names`, 'vic')))).toContainText('invited');

  const { context: vicContext, page: vic } = await acceptInvite(browser, link, 'vic-password-1');
  await expect(vic.getByTestId('signed-in-as')).toHaveText('vic (viewer)');
  await expect(vic.getByRole('link', { name: 'New monitor' })).toHaveCount(0);
  await vic.goto(`/monitors/${id}`);
  await expect(vic.getByRole('heading', { level: 1 })).toHaveText('e2e roles target');
  for (const control of ['Run now', 'Pause', 'Delete…', 'Duplicate', 'Mute']) await expect(vic.getByRole('button', { name: control })).toHaveCount(0);
  await expect(vic.getByRole('link', { name: 'Edit' })).toHaveCount(0);
  await vic.goto('/settings');
  await expect(vic.getByRole('button', { name: 'Add channel' })).toHaveCount(0);
  await expect(vic.getByRole('link', { name: 'Users' })).toHaveCount(0);
  const forbiddenPage = await vic.goto(`/monitors/${id}/edit`);
  expect(forbiddenPage?.status()).toBe(403);
  await expect(vic.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  expect((await vic.goto('/settings/users'))?.status()).toBe(403);

  // Forged changes with the viewer's own session: the API and the captured server action both answer 403.
  const put = await vic.request.put(`/api/monitors/${id}`, { data: { kind: 'remind', name: 'renamed by a viewer', message: 'x', cron: '0 0 1 1 *' } });
  expect(put.status()).toBe(403);
  expect((await put.json()).error).toMatch(/needs the editor role; you are viewer/);
  expect((await vic.request.post(`/api/monitors/${id}/run`)).status()).toBe(403);
  expect((await vic.request.get('/api/users')).status()).toBe(403);
  const headers: Record<string, string> = { ...pause.headers, cookie: `imalert_session=${await cookieOf(vic)}` };
  delete headers['content-length'];
  const replayed = await vic.request.post(pause.url, { headers, data: pause.body, maxRedirects: 0 });
  expect(replayed.status()).toBe(403);
  expect(await enabledOf(redis, id)).toBe(true);
  expect(await redis.hget(`${KEY_PREFIX()}:monitor-names`, 'renamed by a viewer')).toBeNull();

  // The link worked once; then the viewer logs in with the form like anyone.
  const reused = await browser.newPage({ baseURL: process.env.E2E_BASE_URL });
  await reused.goto(link);
  await expect(reused.getByTestId('invite-gone')).toContainText('expired or was already used');
  await reused.close();
  await vic.getByRole('button', { name: 'Log out' }).click();
  await vic.waitForURL(/\/login/);
  await vic.getByLabel('User name').fill('vic');
  await vic.getByLabel('Password', { exact: true }).fill('vic-password-1');
  await vic.getByRole('button', { name: 'Log in' }).click();
  await vic.waitForURL((url) => !url.pathname.startsWith('/login'));

  // Made an editor, the same session may now pause the monitor.
  await page.goto('/settings/users');
  const row = page.getByTestId(`user-${await redis.hget(`${KEY_PREFIX()}:user-names`, 'vic')}`);
  await row.getByLabel('Role of vic').selectOption('editor');
  await row.getByRole('button', { name: 'Save role' }).click();
  await expect(row).toContainText('vic is now editor.');
  await vic.goto(`/monitors/${id}`);
  await vic.getByRole('button', { name: 'Pause' }).click();
  await expect(vic.locator('#change-message')).toHaveText('Paused.');
  expect(await enabledOf(redis, id)).toBe(false);

  // Disabled, the session ends at once.
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('their sessions and tokens have ended');
  expect((await vic.request.get('/api/dashboard')).status()).toBe(401);
  await vic.goto('/');
  await expect(vic).toHaveURL(/\/login/);
  await vicContext.close();
});

test('the last admin can be neither demoted nor disabled from the page', async ({ page, redis }) => {
  await logIn(page);
  await page.goto('/settings/users');
  const row = page.getByTestId(`user-${await redis.hget(`${KEY_PREFIX()}:user-names`, 'admin')}`);
  await row.getByLabel('Role of admin').selectOption('viewer');
  await row.getByRole('button', { name: 'Save role' }).click();
  await expect(row).toContainText('This is the last admin: it cannot be demoted.');
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('This is the last admin: it cannot be disabled.');
  expect(await redis.hget(`${KEY_PREFIX()}:user:${await redis.hget(`${KEY_PREFIX()}:user-names`, 'admin')}`, 'role')).toBe('admin');
});
