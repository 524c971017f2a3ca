import type { APIResponse } from '@playwright/test';
import { expect, logIn, test } from './support/fixtures';
import { otherOriginPage } from './support/other-origin';

function expectSecurityHeaders(response: APIResponse | null, what: string): void {
  const headers = response!.headers();
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('same-origin');
  const csp = headers['content-security-policy'] ?? '';
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(csp, what).not.toMatch(/script-src [^;]*'unsafe-inline'/);
  expect(csp, what).toContain("object-src 'none'");
}

test('pages, API answers and error pages carry the security headers, and pages run under the policy', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(message.text())) violations.push(message.text());
  });
  expectSecurityHeaders(await page.request.get('/login'), 'login page');
  await logIn(page);
  expectSecurityHeaders(await page.request.get('/'), 'dashboard page');
  expectSecurityHeaders(await page.request.get('/api/health'), 'API health');
  expectSecurityHeaders(await page.request.get('/api/dashboard'), 'API dashboard');
  const missing = await page.request.get('/no-such-page');
  expect(missing.status()).toBe(404);
  expectSecurityHeaders(missing, 'not-found page');
  const badApi = await page.request.get('/api/monitors/m0000000000000000');
  expect(badApi.status()).toBe(404);
  expectSecurityHeaders(badApi, 'API 404');
  // Each response has its own nonce.
  const nonce = async () => /'nonce-([^']+)'/.exec((await page.request.get('/')).headers()['content-security-policy'] ?? '')?.[1];
  expect(await nonce()).not.toBe(await nonce());

  // The app still works under the policy: client-side navigation and live data need the scripts.
  await page.goto('/');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page).toHaveURL(/\/$/);
  expect(violations).toEqual([]);
});

test('a logged-in monitor page does not render inside another site\'s frame', async ({ page }) => {
  await logIn(page);
  const created = await page.request.post('/api/monitors', { data: { kind: 'remind', name: 'e2e framed', message: 'hi', cron: '0 0 1 1 *' } });
  const { id } = (await created.json()) as { id: string };
  const target = `${process.env.E2E_BASE_URL}/monitors/${id}`;
  // The control: at the top level the page shows its buttons.
  await page.goto(target);
  await expect(page.getByRole('button', { name: 'Run now' })).toBeVisible();

  const attacker = await otherOriginPage(`<!doctype html><title>framing</title><iframe src="${target}" width="800" height="600" onload="document.title='loaded'"></iframe>`);
  try {
    await page.goto(attacker.url);
    await expect(page).toHaveTitle('loaded', { timeout: 30_000 });
    // The frame's load event has fired: a page it was allowed to show would be there by now (server-rendered).
    await expect(page.frameLocator('iframe').getByRole('button', { name: 'Run now' })).toHaveCount(0);
    await expect(page.frameLocator('iframe').getByText('e2e framed')).toHaveCount(0);
  } finally {
    await attacker.close();
    await page.request.delete(`/api/monitors/${id}`);
  }
});
