import type { Redis } from 'ioredis';
import { createThroughForm, expect, KEY_PREFIX, logIn, test } from './support/fixtures';

const stored = async (redis: Redis, id: string) => JSON.parse((await redis.get(`${KEY_PREFIX()}:monitor:${id}`)) ?? 'null');

test.beforeEach(async ({ page }) => logIn(page));

test('Run now on a paused monitor runs it: the page shows the manual run and the status it found', async ({ page, redis }) => {
  const redisPort = new URL(process.env.E2E_REDIS_URL!).port;
  const id = await createThroughForm(page, 'tcp', 'e2e paused run', async (p) => {
    await p.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await p.getByLabel('Port', { exact: true }).fill(redisPort);
  });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.locator('#change-message')).toHaveText('Paused.');
  expect((await stored(redis, id)).enabled).toBe(false);

  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.locator('#run-message')).toContainText('Queued: the check runs now');
  await expect(page.getByTestId('monitor-status').locator('.status')).toHaveText('up', { timeout: 30_000 });
  await expect(page.getByTestId('monitor-status')).toContainText('paused');
  const runs = await redis.zrange(`${KEY_PREFIX()}:runs:${id}`, 0, -1);
  expect(runs.map((r) => JSON.parse(r))).toEqual([expect.objectContaining({ ok: true, trigger: 'manual' })]);
});

test('I Watch Redis takes other cluster nodes: refused when not host:port, kept as a list, shown on the edit form', async ({ page, redis }) => {
  await page.goto('/monitors/new?kind=redis');
  await page.getByLabel('Name', { exact: true }).fill('e2e cluster seeds');
  await page.getByLabel('Cron expression').fill('0 0 1 1 *');
  await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Mode').selectOption('cluster');
  await page.getByLabel('Other cluster nodes').fill('127.0.0.1:7001, nowhere');
  await page.getByRole('button', { name: 'Create monitor' }).click();
  await expect(page.locator('#otherNodes-error')).toHaveText('Other cluster nodes: "nowhere" is not host:port');
  await page.getByLabel('Other cluster nodes').fill('127.0.0.1:7001, 127.0.0.1:7002');
  await page.getByRole('button', { name: 'Create monitor' }).click();
  await page.waitForURL(/\/monitors\/m[0-9a-f]+$/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  expect((await stored(redis, id)).otherNodes).toEqual(['127.0.0.1:7001', '127.0.0.1:7002']);
  await expect(page.locator('.monitor-config')).toContainText('127.0.0.1:7001, 127.0.0.1:7002');
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(new RegExp(`/monitors/${id}$`));
  expect((await stored(redis, id)).otherNodes).toEqual(['127.0.0.1:7001', '127.0.0.1:7002']);
});

test('the cron preview shows each fire time with its zone, so the night the clocks go back reads right', async ({ page }) => {
  await page.goto('/monitors/new?kind=remind');
  await page.getByLabel('Cron expression').fill('30 2 * 10 0');
  await page.getByLabel('Time zone').fill('Europe/Berlin');
  await expect(page.locator('.next-fires li')).toHaveCount(5);
  for (const item of await page.locator('.next-fires li').allTextContents()) expect(item).toMatch(/02:30:00 (CEST|CET)$/);
});
