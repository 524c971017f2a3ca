import { createThroughForm, expect, expectSlackMessage, KEY_PREFIX, logIn, test } from './support/fixtures';

test('alert channels: add, send a test message, rename, make default; a failing channel says why, gets a new URL, is removed', async ({ page, redis }) => {
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

  // Fixed by giving it a working URL (write-only, like the first one): healthy again, and a test goes through.
  await broken.getByLabel('New webhook URL for e2e broken channel').fill(`${process.env.E2E_SLACK_BASE}/services/T0/B0/fixed-hook`);
  await broken.getByRole('button', { name: 'Change URL' }).click();
  await expect(broken.locator('[id$="-url-message"]')).toContainText('Webhook URL changed');
  await expect(broken.locator('.status')).toHaveText('ok');
  await expect(broken).not.toContainText('fixed-hook');
  await broken.getByRole('button', { name: 'Send test message' }).click();
  await expect(broken.locator('[id$="-test-message"]')).toHaveText('Test message delivered.');

  // Removed after a confirmation; Cancel keeps it.
  const channels = `${KEY_PREFIX()}:channels`;
  const before = await redis.zcard(channels);
  await broken.getByRole('button', { name: 'Remove…' }).click();
  await broken.getByRole('button', { name: 'Cancel' }).click();
  await broken.getByRole('button', { name: 'Remove…' }).click();
  await broken.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(page.locator('li.channel', { hasText: 'e2e broken channel' })).toHaveCount(0);
  expect(await redis.zcard(channels)).toBe(before - 1);
});

test('dead letters: redrive runs the job again, discard drops it', async ({ page, redis }) => {
  await logIn(page);
  const id = await createThroughForm(page, 'tcp', 'e2e dead letters', async (p) => {
    await p.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await p.getByLabel('Port', { exact: true }).fill(new URL(process.env.E2E_REDIS_URL!).port);
  });
  // Two jobs that "crashed" their worker three times, as the worker buries them.
  const dead = `${KEY_PREFIX()}:dead-letters`;
  await redis.del(dead);
  for (const n of [1, 2]) {
    await redis.xadd(dead, '*', 'jobId', `0-${n}`, 'monitorId', id, 'fireTime', String(Date.now() - 60_000), 'dispatchId', `e2e-${n}`,
      'trigger', 'schedule', 'deliveries', '3', 'lastError', `thread exited (e2e ${n})`, 'deadAt', String(Date.now()));
  }

  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Dead letters (2)' })).toBeVisible();
  const rows = page.locator('tr', { hasText: 'e2e dead letters' });
  await expect(rows).toHaveCount(2);
  await rows.filter({ hasText: 'e2e 2' }).getByRole('button', { name: 'Redrive' }).click();
  await expect(page.getByRole('heading', { name: 'Dead letters (1)' })).toBeVisible();
  // The redriven job runs at once as a manual run.
  await expect.poll(async () => redis.zcard(`${KEY_PREFIX()}:runs:${id}`), { timeout: 20_000 }).toBeGreaterThan(0);
  await rows.filter({ hasText: 'e2e 1' }).getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByRole('heading', { name: 'Dead letters (0)' })).toBeVisible();
  expect(await redis.xlen(dead)).toBe(0);
});
