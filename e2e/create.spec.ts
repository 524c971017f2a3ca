import type { Page } from '@playwright/test';
import { expect, fillCommon, screenshotPath, logIn, monitorCount, monitorIdByName, test } from './support/fixtures';

export const REDIS_MONITOR_PASSWORD = 'Redis-Pa55word-e2e-7Qz';
export const ELASTIC_MONITOR_PASSWORD = 'Elastic-Pa55word-e2e-9Wx';

async function openForm(page: Page, kindName: string) {
  await page.goto('/monitors/new');
  await page.getByRole('link', { name: kindName }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(kindName);
}

async function submitAndExpectMonitorPage(page: Page, name: string) {
  await page.getByRole('button', { name: 'Create monitor' }).click();
  await page.waitForURL(/\/monitors\/m[0-9a-f]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
}

test.describe('create one monitor of each kind through the forms', () => {
  test.beforeEach(async ({ page }) => logIn(page));

  test('I Watch Redis', async ({ page, redis }) => {
    await openForm(page, 'I Watch Redis');
    await fillCommon(page, 'e2e redis');
    await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill(new URL(process.env.E2E_REDIS_URL!).port);
    await page.getByLabel('Password', { exact: true }).fill(REDIS_MONITOR_PASSWORD);
    await page.getByLabel('Monitor key count').check();
    await submitAndExpectMonitorPage(page, 'e2e redis');
    // The password is stored encrypted, never in the clear.
    const id = await monitorIdByName(redis, 'e2e redis');
    const stored = await redis.get(`{${process.env.E2E_KEY_PREFIX}}:monitor:${id}`);
    expect(stored).not.toContain(REDIS_MONITOR_PASSWORD);
    expect(JSON.parse(stored!).password).toMatch(/^enc:v1:/);
  });

  test('I Watch Elastic', async ({ page }) => {
    await openForm(page, 'I Watch Elastic');
    await fillCommon(page, 'e2e elastic');
    await page.getByLabel('Cluster URL').fill('http://127.0.0.1:9/');
    await page.getByLabel('Authentication required').check();
    await page.getByLabel('User', { exact: true }).fill('elastic');
    await page.getByLabel('Password', { exact: true }).fill(ELASTIC_MONITOR_PASSWORD);
    await submitAndExpectMonitorPage(page, 'e2e elastic');
  });

  test('Remind Me', async ({ page }) => {
    await openForm(page, 'Remind Me');
    await fillCommon(page, 'e2e reminder', '0 9 * * 1');
    await expect(page.locator('.cron-words')).not.toBeEmpty();
    await expect(page.locator('.next-fires li')).toHaveCount(5);
    // The next fire times follow the chosen zone as it is typed: 09:00 on Mondays in Tokyo.
    await page.getByLabel('Time zone').fill('Asia/Tokyo');
    await expect(page.locator('#cron-preview')).toContainText('Next runs (Asia/Tokyo)');
    for (const item of await page.locator('.next-fires li').allTextContents()) expect(item).toContain('09:00:00');
    await page.getByLabel('Time zone').fill('Mars/Olympus');
    await expect(page.locator('#cron-preview')).toContainText('Unknown time zone');
    await page.getByLabel('Time zone').fill('Asia/Tokyo');
    await page.getByLabel('Message').fill('Rotate the on-call pager');
    await submitAndExpectMonitorPage(page, 'e2e reminder');
    await expect(page.locator('.monitor-config')).toContainText('(Asia/Tokyo)');
  });

  test('Check My Health', async ({ page }) => {
    await openForm(page, 'Check My Health');
    await fillCommon(page, 'e2e health');
    await page.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:9/health');
    await page.getByLabel('Expected response text').fill('ok');
    await submitAndExpectMonitorPage(page, 'e2e health');
  });

  test('Is It Reachable', async ({ page }) => {
    await openForm(page, 'Is It Reachable');
    await fillCommon(page, 'e2e reachable');
    await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill('9');
    await submitAndExpectMonitorPage(page, 'e2e reachable');
  });

  test('Why Latency', async ({ page }) => {
    await openForm(page, 'Why Latency');
    await fillCommon(page, 'e2e latency');
    await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill('9');
    await page.getByLabel('Max latency (ms)').fill('250');
    await submitAndExpectMonitorPage(page, 'e2e latency');
  });
});

test.describe('bad input shows its message beside its field and stores nothing', () => {
  test.beforeEach(async ({ page }) => logIn(page));

  const cases: { what: string; kind: string; fill: (page: Page) => Promise<void>; field: string; message: RegExp }[] = [
    { what: 'an empty name', kind: 'Remind Me', field: 'name', message: /Name is required/, fill: async (page) => {
      await fillCommon(page, '');
      await page.getByLabel('Message').fill('x');
    } },
    { what: 'a bad cron', kind: 'Remind Me', field: 'cron', message: /.+/, fill: async (page) => {
      await fillCommon(page, 'bad cron', 'every monday');
      await page.getByLabel('Message').fill('x');
    } },
    { what: 'a schedule below the minimum', kind: 'Remind Me', field: 'cron', message: /more often than every 2 seconds/, fill: async (page) => {
      await fillCommon(page, 'too often', '* * * * * *');
      await page.getByLabel('Message').fill('x');
    } },
    { what: 'port 70000', kind: 'Is It Reachable', field: 'port', message: /Port must be between 1 and 65535/, fill: async (page) => {
      await fillCommon(page, 'bad port');
      await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
      await page.getByLabel('Port', { exact: true }).fill('70000');
    } },
    { what: 'min greater than max', kind: 'I Watch Redis', field: 'maxKeys', message: /Max keys must be greater than or equal to min keys/, fill: async (page) => {
      await fillCommon(page, 'min over max');
      await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
      await page.getByLabel('Monitor key count').check();
      await page.getByLabel('Min keys').fill('10');
      await page.getByLabel('Max keys').fill('5');
    } },
    { what: 'a URL that is not http(s)', kind: 'Check My Health', field: 'url', message: /URL must start with http:\/\/ or https:\/\//, fill: async (page) => {
      await fillCommon(page, 'ftp url');
      await page.getByLabel('URL', { exact: true }).fill('ftp://files.example.com/');
    } },
  ];

  for (const c of cases) {
    test(c.what, async ({ page, redis }) => {
      const before = await monitorCount(redis);
      await openForm(page, c.kind);
      await c.fill(page);
      await page.getByRole('button', { name: 'Create monitor' }).click();
      const error = page.locator(`#${c.field}-error`);
      await expect(error).toHaveText(c.message);
      await expect(page.locator(`#field-${c.field}`)).toHaveAttribute('aria-describedby', new RegExp(`${c.field}-error`));
      await expect(page).toHaveURL(/\/monitors\/new/);
      expect(await monitorCount(redis)).toBe(before);
      if (c.field === 'maxKeys') await page.screenshot({ path: screenshotPath('form-with-errors'), fullPage: true });
    });
  }

  test('a duplicate name (checked by the server)', async ({ page, redis }) => {
    await openForm(page, 'Remind Me');
    await fillCommon(page, 'e2e unique name');
    await page.getByLabel('Message').fill('first');
    await submitAndExpectMonitorPage(page, 'e2e unique name');
    const before = await monitorCount(redis);
    await openForm(page, 'Remind Me');
    await fillCommon(page, 'E2E Unique Name');
    await page.getByLabel('Message').fill('second');
    await page.getByRole('button', { name: 'Create monitor' }).click();
    await expect(page.locator('#name-error')).toHaveText(/A monitor with this name already exists/);
    await expect(page.getByLabel('Message')).toHaveValue('second'); // what was typed is kept
    expect(await monitorCount(redis)).toBe(before);
  });

  test('the server checks too: port 70000 posted without JavaScript', async ({ browser, redis }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL: process.env.E2E_BASE_URL });
    const page = await context.newPage();
    await logIn(page);
    const before = await monitorCount(redis);
    await page.goto('/monitors/new?kind=tcp');
    await fillCommon(page, 'no js port');
    await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill('70000');
    await page.getByRole('button', { name: 'Create monitor' }).click();
    await expect(page.locator('#port-error')).toHaveText(/Port must be between 1 and 65535/);
    expect(await monitorCount(redis)).toBe(before);
    await context.close();
  });
});
