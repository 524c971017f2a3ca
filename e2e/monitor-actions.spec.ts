import type { Redis } from 'ioredis';
import { createThroughForm, expect, KEY_PREFIX, logIn, test } from './support/fixtures';

const stored = async (redis: Redis, id: string) => {
  const json = await redis.get(`${KEY_PREFIX()}:monitor:${id}`);
  return json ? JSON.parse(json) : null;
};

/** A datetime-local value one day ahead, in the local zone (the browser's and ours). */
function tomorrowLocal(): string {
  const d = new Date(Date.now() + 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

test('run now, edit, pause, resume, mute, unmute, duplicate, delete', async ({ page, redis }) => {
  await logIn(page);
  const redisPort = new URL(process.env.E2E_REDIS_URL!).port;
  const id = await createThroughForm(page, 'tcp', 'e2e actions', async (p) => {
    await p.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await p.getByLabel('Port', { exact: true }).fill(redisPort);
  });

  // Run now: the worker runs it and the page shows the run without a reload.
  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.locator('#run-message')).toContainText('Queued');
  await expect(page.getByTestId('monitor-status').locator('.status')).toHaveText('up', { timeout: 30_000 });
  await expect(page.getByRole('cell', { name: 'manual' }).first()).toBeVisible();

  // Edit: the same form, filled in.
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('e2e actions');
  await expect(page.getByLabel('Port', { exact: true })).toHaveValue(redisPort);
  await page.getByLabel('Name', { exact: true }).fill('e2e actions edited');
  await page.getByLabel('Timeout (ms)').fill('1500');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(new RegExp(`/monitors/${id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('e2e actions edited');
  expect((await stored(redis, id)).timeoutMs).toBe(1500);

  // Pause and resume.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.locator('#change-message')).toHaveText('Paused.');
  expect((await stored(redis, id)).enabled).toBe(false);
  expect(await redis.zscore(`${KEY_PREFIX()}:schedule`, id)).toBeNull();
  await expect(page.getByTestId('monitor-status')).toContainText('paused');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.locator('#change-message')).toHaveText('Resumed.');
  expect((await stored(redis, id)).enabled).toBe(true);
  expect(await redis.zscore(`${KEY_PREFIX()}:schedule`, id)).not.toBeNull();

  // A mute that ends in the past is refused beside its field; then mute until tomorrow, and unmute.
  await page.getByLabel('Mute alerts until').fill('2001-01-01T00:00');
  await page.getByRole('button', { name: 'Mute', exact: true }).click();
  await expect(page.locator('#mutedUntil-error')).toHaveText('Choose a time in the future');
  expect((await stored(redis, id)).mutedUntil).toBeNull();
  await page.getByLabel('Mute alerts until').fill(tomorrowLocal());
  await page.getByRole('button', { name: 'Mute', exact: true }).click();
  await expect(page.locator('#change-message')).toHaveText('Muted.');
  const mutedUntil = (await stored(redis, id)).mutedUntil;
  expect(mutedUntil).toBeGreaterThan(Date.now() + 23 * 3_600_000);
  await expect(page.getByTestId('monitor-status')).toContainText('muted until');
  await page.getByRole('button', { name: 'Unmute' }).click();
  await expect(page.locator('#change-message')).toHaveText('Unmuted.');
  expect((await stored(redis, id)).mutedUntil).toBeNull();

  // Duplicate under a new name.
  await page.getByLabel('Name of the copy').fill('e2e actions copy');
  await page.getByRole('button', { name: 'Duplicate' }).click();
  await page.waitForURL((url) => /\/monitors\/m[0-9a-f]+$/.test(url.pathname) && !url.pathname.endsWith(id));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('e2e actions copy');
  const copyId = new URL(page.url()).pathname.split('/').pop()!;
  expect((await stored(redis, copyId)).port).toBe(Number(redisPort));

  // Delete, after a confirmation step.
  await page.getByRole('button', { name: 'Delete…' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('e2e actions copy');
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  expect(await stored(redis, copyId)).toBeNull();
  expect(await stored(redis, id)).not.toBeNull();
});

test('duplicate copies the secrets on the server', async ({ page, redis }) => {
  await logIn(page);
  const id = await createThroughForm(page, 'redis', 'e2e secret source', async (p) => {
    await p.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await p.getByLabel('Password', { exact: true }).fill('copy-me-secret-1');
  });
  await page.getByLabel('Name of the copy').fill('e2e secret copy');
  await page.getByRole('button', { name: 'Duplicate' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('e2e secret copy');
  const copyId = new URL(page.url()).pathname.split('/').pop()!;
  const original = await stored(redis, id);
  const copy = await stored(redis, copyId);
  expect(copy.password).toMatch(/^enc:v1:/);
  expect(copy.password).toBe(original.password);

  // Editing with the password left empty keeps it.
  await page.goto(`/monitors/${copyId}/edit`);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await page.getByLabel('Port', { exact: true }).fill('6390');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(new RegExp(`/monitors/${copyId}$`));
  expect((await stored(redis, copyId)).password).toBe(original.password);
});
