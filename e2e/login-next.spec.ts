import { expect, test } from './support/fixtures';

/**
 * The `next` of /login is followed after logging in only when the browser's own URL rules keep it on
 * this site; anything else lands on the dashboard, and no `next` makes the server fail.
 */
const ESCAPES = [
  '/\t/localhost:1234/pwned',
  '//localhost:1234/pwned',
  '/\\localhost:1234/pwned',
  '\\\\localhost:1234/pwned',
  '/\\/localhost:1234/pwned',
  ' //localhost:1234/pwned',
  '/\n/localhost:1234/pwned',
  '/\r\n/localhost:1234/pwned',
  'http://localhost:1234/pwned',
  'https:localhost:1234/pwned',
  'javascript:alert(document.domain)',
  '%2F%2Flocalhost:1234/pwned',
  '/\u3000/localhost:1234/pwned',
];

for (const next of ESCAPES) {
  test(`logging in with next=${JSON.stringify(next)} stays on this site`, async ({ browser }) => {
    const baseURL = process.env.E2E_BASE_URL!;
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 500) failures.push(`${response.status()} ${response.url()}`);
    });
    page.on('dialog', (dialog) => {
      failures.push(`dialog ${dialog.message()}`);
      return dialog.dismiss();
    });
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(process.env.E2E_ADMIN_PASSWORD!);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.waitForLoadState('load');
    expect(new URL(page.url()).origin).toBe(new URL(baseURL).origin);
    expect(failures).toEqual([]);
    await context.close();
  });
}

test('a same-site next is kept, normalised, with its query and hash', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  const page = await context.newPage();
  await page.goto(`/login?next=${encodeURIComponent('/settings/../monitors/new?kind=tcp#port')}`);
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password', { exact: true }).fill(process.env.E2E_ADMIN_PASSWORD!);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname === '/monitors/new');
  expect(new URL(page.url()).search).toBe('?kind=tcp');
  await context.close();
});
