import type { Browser } from '@playwright/test';
import { expect, fillCommon, logIn, test } from './support/fixtures';
import { startExtraApp, type ExtraApp } from './support/extra-app';

/**
 * A bad field is a 400 with field errors in the API and a message beside the field in the form,
 * whichever part of a fresh `next start` (the UI or the API) is asked first: each order gets its own
 * server on the same build.
 */
const INVALID_TCP = { kind: 'tcp', name: 'x', host: '127.0.0.1', port: 70000, cron: '*/5 * * * * *' };

async function expectApiFieldErrors(browser: Browser, app: ExtraApp) {
  // Without JavaScript the form's own checks do not run: the server's answer is what shows.
  const context = await browser.newContext({ baseURL: app.baseURL, javaScriptEnabled: false });
  const page = await context.newPage();
  await logIn(page, app.password);

  const created = await page.request.post('/api/monitors', { data: INVALID_TCP });
  expect(created.status(), await created.text()).toBe(400);
  expect((await created.json()).fieldErrors.port?.[0]).toMatch(/Port must be between 1 and 65535/);

  const good = await page.request.post('/api/monitors', { data: { ...INVALID_TCP, port: 7, cron: '0 0 1 1 *', name: 'order check' } });
  expect(good.status(), await good.text()).toBe(201);
  const { id } = await good.json();
  const updated = await page.request.put(`/api/monitors/${id}`, { data: { ...INVALID_TCP, name: 'order check', cron: 'not a cron' } });
  expect(updated.status(), await updated.text()).toBe(400);
  const { fieldErrors } = await updated.json();
  expect(fieldErrors).toHaveProperty('port');
  expect(fieldErrors).toHaveProperty('cron');

  await page.goto('/monitors/new?kind=tcp');
  await fillCommon(page, 'order form check');
  await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill('70000');
  await page.getByRole('button', { name: 'Create monitor' }).click();
  await expect(page.locator('#port-error')).toHaveText(/Port must be between 1 and 65535/);
  await expect(page.getByText('Something went wrong on our side')).toHaveCount(0);
  await context.close();
  // A user's mistake is not an internal error: nothing about it is logged as one.
  expect(app.output()).not.toMatch(/request failed|monitor failed|\n\s+at /);
}

for (const first of ['/login', '/api/health'] as const) {
  test.describe(`a fresh server asked for ${first} first`, () => {
    let app: ExtraApp;
    test.beforeAll(async () => {
      app = await startExtraApp(first === '/login' ? 'ui-first' : 'api-first');
    });
    test.afterAll(async () => app?.stop());

    test('answers bad fields with field errors in the API and in the form', async ({ browser }) => {
      test.setTimeout(120_000);
      const response = await fetch(`${app.baseURL}${first}`);
      expect(response.status).toBeLessThan(500);
      await expectApiFieldErrors(browser, app);
    });
  });
}
