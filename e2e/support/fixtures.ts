import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { Redis } from 'ioredis';
import { recordedMessages } from './slack-recorder';
import { startSystem, type E2eSystem } from './system';

/**
 * Each Playwright worker runs its spec files against a system of its own (support/system.ts), set up
 * before the worker's first test or hook; its addresses come through the worker's process.env.
 */
export const test = base.extend<{ redis: Redis }, { system: E2eSystem }>({
  system: [
    // Playwright reads a fixture's dependencies from the destructuring pattern, so it must be there.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use, workerInfo) => {
      const system = await startSystem(`worker-${workerInfo.workerIndex}`);
      Object.assign(process.env, system.env);
      await use(system);
      await system.stop();
    },
    { scope: 'worker', auto: true, timeout: 120_000 },
  ],
  baseURL: async ({ system }, use) => use(system.env.E2E_BASE_URL),
  redis: async ({ system }, use) => {
    const client = new Redis(system.env.E2E_REDIS_URL, { maxRetriesPerRequest: 1 });
    await use(client);
    client.disconnect();
  },
});
export { expect };

export const KEY_PREFIX = () => `{${process.env.E2E_KEY_PREFIX}}`;

/** Sends the login form as admin (of the main app unless another app's password is given). */
export async function submitLogin(page: Page, password = process.env.E2E_ADMIN_PASSWORD!): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

export async function logIn(page: Page, password = process.env.E2E_ADMIN_PASSWORD!): Promise<void> {
  await submitLogin(page, password);
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

/** A server action request as the browser sent it, to send again with other cookies or origins. */
export interface CapturedAction {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Opens `path`, does `act` there and keeps the server action request it sends (aborted, so it changes nothing). */
export async function captureAction(page: Page, path: string, act: () => Promise<void>): Promise<CapturedAction> {
  let captured: CapturedAction | undefined;
  await page.goto(path);
  const pathname = new URL(page.url()).pathname;
  const onPage = (url: URL) => url.pathname === pathname;
  await page.route(onPage, async (route) => {
    const req = route.request();
    if (req.method() === 'POST' && req.headers()['next-action']) {
      captured = { url: req.url(), headers: req.headers(), body: req.postData() ?? '' };
      return route.abort();
    }
    return route.continue();
  });
  await act();
  await expect.poll(() => captured, { message: `a server action sent from ${path}` }).toBeTruthy();
  await page.unroute(onPage);
  return captured!;
}

/** Makes an API token on Settings → API tokens and returns it (shown once on the page). */
export async function createTokenOnPage(page: Page, name: string, role: string): Promise<string> {
  await page.goto('/settings/tokens');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Role', { exact: true }).selectOption(role);
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = await page.getByTestId('new-token').textContent();
  expect(token).toMatch(/^imalert_[A-Za-z0-9_-]{43}$/);
  return token!;
}

/** An API request as curl sends it with a token: no cookie, no Origin unless given. */
export function bearerFetch(path: string, token: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${process.env.E2E_BASE_URL}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });
}
