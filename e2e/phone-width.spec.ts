import type { Page } from '@playwright/test';
import { createThroughForm, expect, logIn, test } from './support/fixtures';

test.use({ viewport: { width: 390, height: 844 } });

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('the dashboard, the form, the monitor page, settings and the alert log fit a phone screen', async ({ page }) => {
  await logIn(page);
  await expect(page.getByTestId('system-strip')).toBeVisible();
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await page.goto('/monitors/new?kind=redis');
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  const id = await createThroughForm(page, 'latency', 'e2e phone', async (p) => {
    await p.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await p.getByLabel('Port', { exact: true }).fill(new URL(process.env.E2E_REDIS_URL!).port);
    await p.getByLabel('Max latency (ms)').fill('500');
  });
  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByRole('row', { name: /manual/ })).toHaveCount(1, { timeout: 20_000 });
  // The chart switches period on the same page.
  await page.getByRole('button', { name: '7d' }).click();
  await expect(page.getByRole('button', { name: '7d' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('img', { name: /over 7d/ })).toBeVisible();
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await page.goto(`/monitors/${id}/edit`);
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await page.goto('/settings');
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await page.goto('/alerts');
  expect(await overflow(page)).toBeLessThanOrEqual(0);
});
