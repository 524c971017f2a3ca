import { expect, expectSlackMessage, logIn, test } from './support/fixtures';

test('alert channels: add, send a test message, rename, make default; a failing channel says why', async ({ page }) => {
  await logIn(page);
  await page.goto('/settings');
  const hook = `${process.env.E2E_SLACK_BASE}/services/T0E2E/B0E2E/settings-channel-hook`;

  await page.getByLabel('Name', { exact: true }).fill('e2e ops channel');
  await page.getByLabel('Incoming webhook URL').fill(hook);
  await page.getByRole('button', { name: 'Add channel' }).click();
  await expect(page.locator('#add-channel-message')).toContainText('Added “e2e ops channel”');
  const row = page.locator('li.channel', { hasText: 'e2e ops channel' });
  await expect(row).toBeVisible();
  await expect(row).not.toContainText('settings-channel-hook'); // only the masked URL is shown

  await row.getByRole('button', { name: 'Send test message' }).click();
  await expect(row.locator('[id$="-test-message"]')).toHaveText('Test message delivered.');
  await expectSlackMessage(/Test message/);

  // The same URL twice is refused beside the URL field.
  await page.getByLabel('Name', { exact: true }).fill('e2e same hook');
  await page.getByLabel('Incoming webhook URL').fill(hook);
  await page.getByRole('button', { name: 'Add channel' }).click();
  await expect(page.locator('#channel-url-error')).toContainText('already used by the channel “e2e ops channel”');

  await row.getByLabel('New name for e2e ops channel').fill('e2e ops renamed');
  await row.getByRole('button', { name: 'Rename' }).click();
  const renamed = page.locator('li.channel', { hasText: 'e2e ops renamed' });
  await expect(renamed).toBeVisible();
  await renamed.getByRole('button', { name: 'Make default' }).click();
  await expect(renamed.locator('.tag')).toHaveText('default');

  // A channel whose webhook refuses connections: the test message fails and the channel shows why.
  await page.getByLabel('Name', { exact: true }).fill('e2e broken channel');
  await page.getByLabel('Incoming webhook URL').fill('http://127.0.0.1:1/services/T0/B0/broken');
  await page.getByRole('button', { name: 'Add channel' }).click();
  const broken = page.locator('li.channel', { hasText: 'e2e broken channel' });
  await broken.getByRole('button', { name: 'Send test message' }).click();
  await expect(broken.locator('[id$="-test-message"]')).toContainText('Test message failed');
  await expect(broken.locator('.status')).toHaveText('failing');
  await expect(broken.locator('.form-error').first()).toContainText('Failing since');
});

test('the dead-letter list and the alert log render', async ({ page }) => {
  await logIn(page);
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: /Dead letters \(\d+\)/ })).toBeVisible();
  await page.goto('/alerts');
  await expect(page.getByRole('heading', { name: 'Alert log' })).toBeVisible();
});
