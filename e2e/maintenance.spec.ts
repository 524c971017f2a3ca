import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import type { Redis } from 'ioredis';
import { recordedMessages } from './support/slack-recorder';
import { createThroughForm, expect, KEY_PREFIX, logIn, test } from './support/fixtures';

/** The watched system: a TCP port that accepts until the test closes it. */
async function startTarget(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Every worker's heartbeat says it has read the windows as they are now (the version of the last write). */
async function workersKnowWindows(redis: Redis): Promise<boolean> {
  const version = (await redis.get(`${KEY_PREFIX()}:maintenance-version`)) ?? '';
  const names = await redis.zrange(`${KEY_PREFIX()}:hb:workers`, 0, -1);
  const beats = await Promise.all(names.map((name) => redis.get(`${KEY_PREFIX()}:hb:worker:${name}`)));
  const live = beats.filter((b): b is string => b !== null).map((b) => JSON.parse(b) as { maintenanceVersion?: string | null });
  return live.length > 0 && live.every((b) => b.maintenanceVersion === version);
}

const slackAbout = async (name: string) => (await recordedMessages()).filter((m) => m.raw.includes(name));
const lastFireTime = async (redis: Redis, id: string) => Number((await redis.hget(`${KEY_PREFIX()}:state:${id}`, 'lastFireTime')) ?? 0);
const dashboardRow = (page: Page, id: string) => page.locator(`[data-testid="monitor-row"][data-monitor-id="${id}"]`);

test('a window holds back the DOWN of a monitor that fails inside it; one DOWN arrives when it ends', async ({ page, redis }) => {
  test.setTimeout(120_000);
  const target = await startTarget();
  await logIn(page);
  const name = 'e2e maintenance db';
  const id = await createThroughForm(page, 'tcp', name, async (p) => {
    await p.getByLabel('Tags').fill('E2E-Maint, db');
    await p.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await p.getByLabel('Port', { exact: true }).fill(String(target.port));
    await p.getByLabel('Re-notify every (minutes, 0 = never)').fill('0');
  }, '*/2 * * * * *');
  await expect(page.getByTestId('monitor-tags')).toHaveText('e2e-maintdb');
  await expect(page.getByTestId('monitor-status').locator('.status')).toHaveText('up', { timeout: 30_000 });

  // A short one-off window for the tag, through the API.
  const endsAt = Date.now() + 20_000;
  const created = await page.request.post('/api/maintenance', {
    data: { type: 'once', name: 'e2e db upgrade', appliesTo: 'tag', tag: 'e2e-maint', startsAt: Date.now() - 1000, endsAt },
  });
  expect(created.status()).toBe(201);
  expect(await created.json()).toMatchObject({ state: 'active', activeUntil: endsAt, appliesTo: 'tag', tag: 'e2e-maint' });
  await expect.poll(() => workersKnowWindows(redis), { message: 'every worker has read the new window' }).toBe(true);

  // The target goes away inside the window: the checks run and say down, the pages say maintenance.
  await target.close();
  await expect(page.getByTestId('monitor-status').locator('.status')).toHaveText('down', { timeout: 30_000 });
  await expect(page.getByTestId('monitor-maintenance')).toContainText('maintenance until');
  await page.goto('/');
  await expect(dashboardRow(page, id)).toHaveAttribute('data-status', 'down');
  await expect(dashboardRow(page, id).getByTestId('row-maintenance')).toHaveText('Maintenance');
  await expect(page.getByTestId('maintenance-banner')).toContainText('e2e db upgrade (tag e2e-maint)');
  const failedAt = await lastFireTime(redis, id);
  await expect.poll(() => lastFireTime(redis, id), { message: 'another run inside the window' }).toBeGreaterThan(failedAt);
  expect(Date.now()).toBeLessThan(endsAt); // still inside the window: nothing may have been sent
  expect(await slackAbout(name)).toEqual([]);

  // The window ends with the monitor still down: one DOWN, at the first run after the end.
  await expect.poll(async () => (await slackAbout(name)).length, { timeout: 60_000, message: 'the DOWN after the window' }).toBe(1);
  const [down] = await slackAbout(name);
  expect(down.raw).toMatch(/DOWN/);
  expect(down.at).toBeGreaterThanOrEqual(endsAt);
  await expect(dashboardRow(page, id).getByTestId('row-maintenance')).toHaveCount(0);
  const after = await lastFireTime(redis, id);
  await expect.poll(() => lastFireTime(redis, id), { message: 'two more runs after the DOWN' }).toBeGreaterThan(after + 2000);
  expect(await slackAbout(name)).toHaveLength(1);
});

test('maintenance for 1 hour is one click on the monitor page and one API call; the maintenance page ends and deletes windows', async ({ page }) => {
  await logIn(page);
  const id = await createThroughForm(page, 'tcp', 'e2e one click', async (p) => {
    await p.getByLabel('Tags').fill('oneclick');
    await p.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await p.getByLabel('Port', { exact: true }).fill('1');
  });
  await page.getByRole('button', { name: 'Maintenance for 1 hour' }).click();
  await expect(page.locator('#maintenance-message')).toContainText('In maintenance');
  await expect(page.getByTestId('monitor-maintenance')).toContainText('maintenance until');
  await expect(page.getByTestId('monitor-windows')).toContainText('e2e one click: maintenance for 60 min');

  const listed = await (await page.request.get('/api/maintenance')).json();
  const clicked = listed.windows.find((w: { monitorIds: string[] }) => w.monitorIds.includes(id));
  expect(clicked).toMatchObject({ type: 'once', appliesTo: 'monitors', state: 'active' });
  expect(clicked.endsAt - clicked.startsAt).toBe(3_600_000);

  // The same through the API; a bad body is refused beside its field.
  const viaApi = await page.request.post(`/api/monitors/${id}/maintenance`, { data: { minutes: 30 } });
  expect(viaApi.status()).toBe(201);
  const bad = await page.request.post(`/api/monitors/${id}/maintenance`, { data: { minutes: '30' } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).fieldErrors.minutes[0]).toMatch(/whole number from 1/);
  expect((await page.request.post('/api/monitors/mnothere00000000/maintenance', { data: { minutes: 30 } })).status()).toBe(404);

  // The dashboard filters by the tag and shows the monitor in maintenance.
  await page.goto('/');
  await page.getByLabel('Tag', { exact: true }).selectOption('oneclick');
  await expect(page.getByTestId('monitor-row')).toHaveCount(1);
  await expect(page.getByTestId('row-maintenance')).toHaveText('Maintenance');
  await expect(page).toHaveURL(/tag=oneclick/);

  // On the maintenance page: end one now, delete the other; the monitor is out of maintenance.
  await page.goto('/maintenance');
  const rows = page.getByTestId('window-row').filter({ hasText: 'e2e one click' });
  await expect(rows).toHaveCount(2);
  await rows.filter({ hasText: '60 min' }).getByRole('button', { name: 'End now' }).click();
  await expect(rows.filter({ hasText: '60 min' })).toHaveAttribute('data-state', 'ended');
  const other = rows.filter({ hasText: '30 min' });
  await other.getByRole('button', { name: 'Delete…' }).click();
  await other.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(rows).toHaveCount(1);
  await page.goto(`/monitors/${id}`);
  await expect(page.getByTestId('monitor-status')).not.toContainText('maintenance');
});

test('a recurring window is made and edited through the form; a bad schedule is refused beside its field', async ({ page }) => {
  await logIn(page);
  await page.goto('/maintenance');
  await page.getByLabel('Name', { exact: true }).fill('e2e sunday backups');
  await page.getByLabel('Recurring').check();
  await page.getByLabel('Starts on the schedule (cron)').fill('0 2 * * 8');
  await page.getByLabel('Time zone').fill('Europe/Berlin');
  await page.getByLabel('Lasts (minutes)').fill('90');
  await page.getByLabel('Applies to').selectOption('tag');
  await page.getByLabel('Tag', { exact: true }).fill('backups');
  await page.getByRole('button', { name: 'Create window' }).click();
  await expect(page.locator('#window-cron-error')).not.toBeEmpty();
  await expect(page.getByTestId('window-row').filter({ hasText: 'e2e sunday backups' })).toHaveCount(0);

  await page.getByLabel('Starts on the schedule (cron)').fill('0 2 * * 0');
  await page.getByRole('button', { name: 'Create window' }).click();
  const row = page.getByTestId('window-row').filter({ hasText: 'e2e sunday backups' });
  await expect(row).toContainText('for 90 min');
  await expect(row).toContainText('Tag backups');
  await expect(row).toHaveAttribute('data-state', /upcoming|active/);

  await row.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Lasts (minutes)')).toHaveValue('90');
  await page.getByLabel('Lasts (minutes)').fill('120');
  await page.getByRole('button', { name: 'Save window' }).click();
  await page.waitForURL((url) => url.pathname === '/maintenance');
  await expect(page.getByTestId('window-row').filter({ hasText: 'e2e sunday backups' })).toContainText('for 120 min');
});
