import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { Redis } from 'ioredis';
import { recordedMessages } from './slack-recorder';

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

/** Polls the Slack stand-in until a message whose raw body matches every pattern has arrived. */
export async function expectSlackMessage(...patterns: RegExp[]): Promise<void> {
  await expect
    .poll(async () => (await recordedMessages()).some((m) => patterns.every((p) => p.test(m.raw))), { timeout: 30_000, message: `a Slack message matching ${patterns.join(' & ')}` })
    .toBe(true);
}

/** Creates a monitor through the form; returns its id (from the page it lands on). */
export async function createThroughForm(page: Page, kind: string, name: string, fill: (page: Page) => Promise<void>, cron = '0 0 1 1 *'): Promise<string> {
  await page.goto(`/monitors/new?kind=${kind}`);
  await fillCommon(page, name, cron);
  await fill(page);
  await page.getByRole('button', { name: 'Create monitor' }).click();
  await page.waitForURL(/\/monitors\/m[0-9a-f]+$/);
  return new URL(page.url()).pathname.split('/').pop()!;
}
