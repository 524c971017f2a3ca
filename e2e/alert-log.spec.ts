import { freePort } from '../test/support/ports';
import { createThroughForm, expect, logIn, test } from './support/fixtures';

test('an alert that cannot be delivered shows its status, attempts and last error on the monitor page and in the alert log', async ({ page }) => {
  await logIn(page);
  // A channel whose webhook refuses connections: alerts for it stay queued and are retried.
  await page.goto('/settings');
  await page.getByLabel('Name', { exact: true }).fill('e2e refusing channel');
  const closedPort = await freePort(); // nothing listens there
  await page.getByLabel('Incoming webhook URL').fill(`http://127.0.0.1:${closedPort}/services/T0/B0/refusing-hook`);
  await page.getByRole('button', { name: 'Add channel' }).click();
  await expect(page.locator('#add-channel-message')).toContainText('Added');

  const name = 'e2e undeliverable reminder';
  await createThroughForm(page, 'remind', name, async (p) => {
    await p.getByLabel('Message').fill('this one cannot reach Slack');
    await p.getByLabel('e2e refusing channel').check();
  });
  await page.getByRole('button', { name: 'Run now' }).click();

  const alerts = page.getByRole('heading', { name: 'Alerts' }).locator('xpath=following-sibling::div[1]');
  const row = alerts.getByRole('row').filter({ hasText: 'reminder' });
  await expect(row.locator('td[data-label="Delivery"]')).toContainText(/failing \(Could not reach Slack: ECONNREFUSED\)/, { timeout: 30_000 });
  await expect(row.locator('td[data-label="Attempts"]')).toHaveText(/^[1-9]\d*$/);

  await page.goto('/alerts');
  const logRow = page.getByTestId('alert-log').getByRole('row').filter({ hasText: name });
  await expect(logRow).toHaveCount(1);
  await expect(logRow.locator('td[data-label="When"]')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
  await expect(logRow.locator('td[data-label="Type"]')).toHaveText('reminder');
  await expect(logRow.locator('td[data-label="Monitor"]')).toHaveText(name);
  await expect(logRow.locator('td[data-label="Delivery"]')).toHaveText('failing');
  await expect(logRow.locator('td[data-label="Attempts"]')).toHaveText(/^[1-9]\d*$/);
  await expect(logRow.locator('td[data-label="Last error"]')).toContainText('ECONNREFUSED');
});
