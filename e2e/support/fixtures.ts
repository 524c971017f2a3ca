import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { Redis } from 'ioredis';

/** The system started by global-setup: its address comes through the environment. */
export const test = base.extend<{ redis: Redis }>({
  // Playwright reads a fixture's dependencies from the destructuring pattern, so it must be there.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => use(process.env.E2E_BASE_URL),
  // eslint-disable-next-line no-empty-pattern
  redis: async ({}, use) => {
    const client = new Redis(process.env.E2E_REDIS_URL!, { maxRetriesPerRequest: 1 });
    await use(client);
    client.disconnect();
  },
});
export { expect };

export const KEY_PREFIX = () => `{${process.env.E2E_KEY_PREFIX}}`;

export async function logIn(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Admin password').fill(process.env.E2E_ADMIN_PASSWORD!);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** How many monitors are stored (the store's id index). */
export async function monitorCount(redis: Redis): Promise<number> {
  return redis.zcard(`${KEY_PREFIX()}:monitors`);
}

export async function monitorIdByName(redis: Redis, name: string): Promise<string | null> {
  return redis.hget(`${KEY_PREFIX()}:monitor-names`, name.trim().toLowerCase());
}

/** Fills a monitor form's common fields; kind fields are filled by the caller. */
export async function fillCommon(page: Page, name: string, cron = '*/5 * * * *'): Promise<void> {
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Cron expression').fill(cron);
}

/** Screenshots kept as test artifacts (test-results/ is not committed). */
export function screenshotPath(name: string): string {
  return join(process.cwd(), 'test-results', 'screenshots', `${name}.png`);
}
