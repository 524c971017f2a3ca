import { recordedMessages } from './support/slack-recorder';
import { createThroughForm, expect, logIn, test } from './support/fixtures';

test('a channel attached to a tag gets the alerts of the monitors with that tag, beside the default channel', async ({ page }) => {
  await logIn(page);
  const hookPath = '/services/T0E2E/B0E2E/db-oncall';
  await page.goto('/settings');
  await page.getByLabel('Name', { exact: true }).fill('e2e db-oncall');
  await page.getByLabel('Incoming webhook URL').fill(`${process.env.E2E_SLACK_BASE}${hookPath}`);
  await page.getByRole('button', { name: 'Add channel' }).click();
  const row = page.locator('.channel').filter({ hasText: 'e2e db-oncall' });
  await expect(row).toBeVisible();

  // A tag that is not one is refused beside the field; then the channel is attached to `e2e-route`.
  await row.getByLabel('Tags that alert e2e db-oncall').fill('Bad_Tag');
  await row.getByRole('button', { name: 'Set tags' }).click();
  await expect(row.locator('.field-error')).toContainText('Not a tag: "bad_tag"');
  await row.getByLabel('Tags that alert e2e db-oncall').fill('e2e-route');
  await row.getByRole('button', { name: 'Set tags' }).click();
  await expect(row.getByText('#e2e-route')).toBeVisible();

  const name = 'e2e routed by tag';
  await createThroughForm(page, 'tcp', name, async (p) => {
    await p.getByLabel('Tags').fill('e2e-route');
    await p.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await p.getByLabel('Port', { exact: true }).fill('1');
  });
  await page.getByRole('button', { name: 'Run now' }).click();
  const pathsOfDown = async () => (await recordedMessages()).filter((m) => m.raw.includes(name) && /DOWN/.test(m.raw)).map((m) => m.path).sort();
  await expect.poll(pathsOfDown, { timeout: 30_000 }).toEqual([hookPath, new URL(process.env.E2E_SLACK_URL!).pathname].sort());
});
