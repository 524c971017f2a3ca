import { createThroughForm, expect, expectSlackMessage, logIn, test } from './support/fixtures';

test.beforeEach(async ({ page }) => logIn(page));

test('I Watch Redis conditions: chosen in form sections, measured per condition on the monitor page, failed ones in Slack', async ({ page }) => {
  const redisPort = new URL(process.env.E2E_REDIS_URL!).port;
  const name = 'e2e redis conditions';
  const id = await createThroughForm(page, 'redis', name, async (p) => {
    await p.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await p.getByLabel('Port', { exact: true }).fill(redisPort);
    const memory = p.getByRole('group', { name: 'Memory' });
    await expect(memory).toContainText("of the host's total memory when maxmemory is 0");
    await memory.getByLabel('Monitor memory').check();
    await p.getByRole('group', { name: 'Evictions' }).getByLabel('Monitor evictions').check();
    const replication = p.getByRole('group', { name: 'Replication' });
    await replication.getByLabel('Monitor replication').check();
    // imalert's own Redis is a primary: expecting a replica fails, on purpose.
    await replication.getByLabel('Expected role').selectOption('replica');
    await replication.getByLabel('Min connected replicas (on a primary)').fill('0');
  });
  await expect(page.locator('.monitor-config')).toContainText('Persistence');

  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByTestId('monitor-status').locator('.status')).toHaveText('down', { timeout: 30_000 });
  const table = page.getByTestId('conditions');
  await expect(table).toContainText('1 of 5 conditions failed.');
  const row = (condition: string) => table.locator('tr', { hasText: condition });
  await expect(row('memory used (of system memory)')).toContainText('at most 90%');
  await expect(row('memory used (of system memory)').locator('td').last()).toHaveText('met');
  await expect(row('role').locator('td')).toHaveText(['role', 'primary', 'is replica', 'failed']);
  await expect(row('evicted keys per second')).toContainText('no earlier sample yet');
  await expectSlackMessage(/DOWN/, new RegExp(name), /role: primary vs is replica/);

  // The second run has the first one's counters (kept in imalert's Redis), whichever worker ran it.
  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(row('evicted keys per second').locator('td').nth(1)).toHaveText('0/s', { timeout: 30_000 });
  expect(id).toMatch(/^m[0-9a-f]+$/);
});
