import { bearerFetch, createTokenOnPage, expect, logIn, test } from './support/fixtures';

/** The audit log: recorded by the pages and the API, read by admins on a page and through the API. */
test('who did what: failed and good logins, token and monitor changes, on the page and through the API', async ({ page, browser }) => {
  test.setTimeout(150_000); // one long story on a shared machine
  const stranger = await browser.newPage({ baseURL: process.env.E2E_BASE_URL });
  await stranger.goto('/login');
  await stranger.getByLabel('User name').fill('admin');
  await stranger.getByLabel('Password', { exact: true }).fill('not the password');
  await stranger.getByRole('button', { name: 'Log in' }).click();
  await expect(stranger.getByTestId('login-error')).toHaveText('Wrong user name or password.');
  await stranger.close();

  await logIn(page);
  const token = await createTokenOnPage(page, 'e2e audit script', 'admin');
  const created = await bearerFetch('/api/monitors', token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'remind', name: 'e2e audited', message: 'hi', cron: '0 0 1 1 *' }) });
  const { id } = (await created.json()) as { id: string };
  expect((await bearerFetch(`/api/monitors/${id}/run`, token, { method: 'POST' })).status).toBe(202);

  const monitorEntries = (await (await bearerFetch('/api/audit?action=monitor', token)).json()) as { entries: { action: string; actor: string; via: string; target: string }[] };
  expect(monitorEntries.entries.slice(0, 2)).toEqual([
    expect.objectContaining({ action: 'monitor.run', actor: 'admin', via: 'token', target: id }),
    expect.objectContaining({ action: 'monitor.create', actor: 'admin', via: 'token', target: id }),
  ]);
  const logins = (await (await bearerFetch('/api/audit?action=login', token)).json()) as { entries: { action: string; client: string }[] };
  expect(logins.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['login', 'login.failed']));
  expect((await bearerFetch('/api/audit?action=explode', token)).status).toBe(400);
  const viewer = await createTokenOnPage(page, 'e2e audit viewer', 'viewer');
  expect((await bearerFetch('/api/audit', viewer)).status).toBe(403);

  await page.goto('/settings/audit?action=login.failed');
  await expect(page.getByTestId('audit-log').getByRole('row').nth(1)).toContainText('login.failed');
  await page.goto('/settings');
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('User', { exact: true }).fill('admin');
  await page.getByLabel('Action').selectOption('monitor');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/user=admin&action=monitor/);
  const rows = page.getByTestId('audit-log').getByRole('row');
  await expect(rows.nth(1)).toContainText('monitor.run');
  await expect(rows.nth(2)).toContainText('e2e audited');
});
