import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createThroughForm, expect, expectSlackMessage, logIn, screenshotPath, test } from './support/fixtures';

/** The watched system: a local server whose body the test changes. */
let body = 'maintenance in progress';
let server: Server;
let port: number;

test.beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
test.afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

test('Check My Health: the wrong body turns DOWN live with a Slack alert; the right one UP with RESOLVED', async ({ page, context }) => {
  await logIn(page);
  const name = 'e2e live health';
  const id = await createThroughForm(page, 'http', name, async (p) => {
    await p.getByLabel('URL', { exact: true }).fill(`http://127.0.0.1:${port}/health`);
    await p.getByLabel('Expected response text').fill('all good');
  });

  // The dashboard stays open in one tab (never reloaded); the monitor page runs the check in another.
  const monitorPage = page;
  const dashboard = await context.newPage();
  await dashboard.goto('/');
  const row = dashboard.locator(`[data-testid="monitor-row"][data-monitor-id="${id}"]`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-status', 'pending');

  await monitorPage.getByRole('button', { name: 'Run now' }).click();
  await expect(monitorPage.locator('#run-message')).toContainText('Queued');
  await expect(row).toHaveAttribute('data-status', 'down', { timeout: 30_000 });
  await expect(row.getByTestId('row-status')).toHaveText(/down/i);
  await expectSlackMessage(/DOWN/, new RegExp(name));
  // The monitor page refreshes by itself too.
  await expect(monitorPage.getByTestId('monitor-status').locator('.status')).toHaveText('down');
  await dashboard.screenshot({ path: screenshotPath('dashboard'), fullPage: true });

  body = 'all good here';
  await monitorPage.getByRole('button', { name: 'Run now' }).click();
  await expect(row).toHaveAttribute('data-status', 'up', { timeout: 30_000 });
  await expectSlackMessage(/RESOLVED/, new RegExp(name));
  await expect(monitorPage.getByTestId('monitor-status').locator('.status')).toHaveText('up');
  await expect(monitorPage.locator('.incidents li')).toHaveCount(1);
  await monitorPage.screenshot({ path: screenshotPath('monitor-page'), fullPage: true });

  // Both alerts are on the monitor page and in the alert log, delivered.
  const alerts = monitorPage.getByRole('heading', { name: 'Alerts' }).locator('xpath=following-sibling::div[1]');
  await expect(alerts.getByRole('row', { name: /down\s+delivered/ })).toHaveCount(1, { timeout: 30_000 });
  await expect(alerts.getByRole('row', { name: /resolved\s+delivered/ })).toHaveCount(1, { timeout: 30_000 });
  await monitorPage.goto('/alerts');
  const logRows = monitorPage.getByRole('row').filter({ hasText: name });
  // A message of failed conditions spans lines, between the type and the delivery.
  await expect(logRows.filter({ hasText: /down[\s\S]*delivered/ })).toHaveCount(1);
  await expect(logRows.filter({ hasText: /resolved/ })).toHaveCount(1);
});
