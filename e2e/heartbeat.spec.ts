import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { LOG_DIR } from './support/system';
import { recordedMessages } from './support/slack-recorder';
import { createThroughForm, expect, expectSlackMessage, logIn, screenshotPath, test } from './support/fixtures';

// Did It Run end to end: the form, the ping URL fetched without a session, a missed deadline, the
// Slack stand-in. The e2e system allows schedules down to every 2 seconds.
test.beforeEach(async ({ page }) => logIn(page));

/** A client with no cookie: the ping URL is its own credential. */
let anonymous: APIRequestContext;
test.beforeAll(async () => {
  anonymous = await playwrightRequest.newContext();
});
test.afterAll(async () => anonymous.dispose());

/** Slack messages about one monitor, by headline, in the order they arrived. */
async function headlinesAbout(name: string): Promise<string[]> {
  return (await recordedMessages()).filter((m) => m.raw.includes(name)).map((m) => (/(DOWN|RESOLVED)/.exec(m.raw)?.[1] ?? 'other'));
}

test('create a Did It Run, ping it, miss the deadline: one DOWN in Slack; ping again: one RESOLVED', async ({ page }) => {
  test.setTimeout(120_000);
  const name = 'e2e nightly backup';
  await createThroughForm(page, 'heartbeat', name, async (p) => {
    await p.getByLabel('Grace period (seconds)').fill('3');
    await p.getByLabel('Re-notify every (minutes, 0 = never)').fill('0');
  }, '*/10 * * * * *');
  const url = (await page.getByTestId('ping-url').textContent())!;
  expect(url).toMatch(/\/api\/ping\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole('button', { name: 'Run now' })).toHaveCount(0);

  // A run with a start: the run time is measured from /start to the ping.
  expect((await anonymous.get(`${url}/start`)).status()).toBe(200);
  await page.waitForTimeout(1200);
  const pinged = await anonymous.get(url);
  expect(pinged.status()).toBe(200);
  expect(await pinged.json()).toEqual({ ok: true, event: 'success' });
  await expect(page.getByTestId('monitor-status').locator('.status')).toHaveText('up');
  await expect(page.getByTestId('last-run-time')).toHaveText(/^\d+\.\d s$/);
  await expect(page.getByTestId('last-message')).toHaveText(/^The job pinged after running for \d+\.\d s$/);

  // No ping for the next fire time: DOWN once its grace has passed.
  await expectSlackMessage(/DOWN/, new RegExp(name));
  await expect(page.getByTestId('monitor-status').locator('.status')).toHaveText('down');
  await expect(page.getByTestId('last-message')).toHaveText('No ping within 3 s of the scheduled run');

  expect((await anonymous.post(url)).status()).toBe(200);
  await expectSlackMessage(/RESOLVED/, new RegExp(name));
  // Before the RESOLVED came exactly one DOWN (a later miss would be a new incident, after it).
  const headlines = await headlinesAbout(name);
  expect(headlines.slice(0, headlines.indexOf('RESOLVED') + 1)).toEqual(['DOWN', 'RESOLVED']);
  await page.screenshot({ path: screenshotPath('did-it-run'), fullPage: true });
});

test('the ping URL: HEAD and POST too, /fail is DOWN at once, a new URL stops the old one, unknown tokens all look alike', async ({ page }) => {
  const id = await createThroughForm(page, 'heartbeat', 'e2e rotate me', async (p) => {
    await p.getByLabel('Grace period (seconds)').fill('600');
  });
  const old = (await page.getByTestId('ping-url').textContent())!;
  expect((await anonymous.head(old)).status()).toBe(200);
  await expect(page.getByTestId('monitor-status').locator('.status')).toHaveText('up');
  expect((await anonymous.post(`${old}/fail`)).status()).toBe(200);
  await expect(page.getByTestId('monitor-status').locator('.status')).toHaveText('down');
  await expect(page.getByTestId('last-message')).toHaveText('The job reported a failure');

  await page.getByRole('button', { name: 'New ping URL…' }).click();
  await page.getByRole('button', { name: 'Yes, make a new URL' }).click();
  await expect(page.locator('#rotate-message')).toHaveText('New ping URL made; the old one no longer works.');
  await expect(page.getByTestId('ping-url')).not.toHaveText(old);
  const fresh = (await page.getByTestId('ping-url').textContent())!;
  expect(fresh).toMatch(/\/api\/ping\/[A-Za-z0-9_-]{43}$/);

  const rotatedAway = await anonymous.get(old);
  const neverExisted = await anonymous.get(old.replace(/[^/]{43}$/, 'A'.repeat(43)));
  const malformed = await anonymous.get(old.replace(/[^/]{43}$/, 'short'));
  for (const response of [rotatedAway, neverExisted, malformed]) expect(response.status()).toBe(404);
  const bodies = await Promise.all([rotatedAway, neverExisted, malformed].map((r) => r.json()));
  expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
  expect(bodies[0].error).toMatch(/^No such ping URL/);
  expect((await anonymous.get(`${fresh}/nonsense`)).status()).toBe(404);
  expect((await anonymous.put(fresh)).status()).toBe(405);

  expect((await anonymous.get(fresh)).status()).toBe(200);
  await expect(page.getByTestId('monitor-status').locator('.status')).toHaveText('up');
  await page.goto(`/monitors/${id}`);
  await expect(page.getByTestId('ping-url')).toHaveText(fresh);

  // No log line of the system holds a token (the UI server's, the controller's, the worker's).
  const logs = readdirSync(LOG_DIR).filter((f) => f.startsWith(`worker-${test.info().workerIndex}-`));
  expect(logs.length).toBeGreaterThan(0);
  const logged = logs.map((f) => readFileSync(join(LOG_DIR, f), 'utf8')).join('\n');
  for (const url of [old, fresh]) expect(logged).not.toContain(url.slice(-43));
});

test('the REST API: the ping URL and last pings, a new URL; run now refused; other kinds have no ping URL', async ({ page }) => {
  const id = await createThroughForm(page, 'heartbeat', 'e2e api job', async (p) => {
    await p.getByLabel('Grace period (seconds)').fill('600');
  });
  const shown = (await page.getByTestId('ping-url').textContent())!;
  expect((await anonymous.get(`${process.env.E2E_BASE_URL}/api/monitors/${id}/ping-url`)).status()).toBe(401);
  await anonymous.get(`${shown}/start`);
  await anonymous.get(shown);
  const read = await page.request.get(`/api/monitors/${id}/ping-url`);
  expect(read.status()).toBe(200);
  expect(await read.json()).toEqual({ pingUrl: shown, startedAt: null, succeededAt: expect.any(Number), failedAt: null, runMs: expect.any(Number) });
  const rotated = await page.request.post(`/api/monitors/${id}/ping-url`);
  expect(rotated.status()).toBe(200);
  const { pingUrl } = await rotated.json();
  expect(pingUrl).not.toBe(shown);
  expect((await anonymous.get(shown)).status()).toBe(404);
  expect((await anonymous.get(pingUrl)).status()).toBe(200);

  const run = await page.request.post(`/api/monitors/${id}/run`);
  expect(run.status()).toBe(400);
  expect((await run.json()).error).toMatch(/nothing to run now/);

  const tcp = await page.request.post('/api/monitors', { data: { kind: 'tcp', name: 'e2e api tcp', cron: '0 0 1 1 *', host: '127.0.0.1', port: 1 } });
  const other = await page.request.get(`/api/monitors/${(await tcp.json()).id}/ping-url`);
  expect(other.status()).toBe(400);
  expect((await other.json()).error).toBe('Only a Did It Run monitor has a ping URL.');
});

test('the page of a Did It Run, with its long ping URL, fits 1280 px and a phone screen', async ({ page }) => {
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await createThroughForm(page, 'heartbeat', 'e2e wide job', async () => undefined);
  await expect(page.getByTestId('ping-url')).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByTestId('ping-url')).toBeVisible();
  expect(await overflow()).toBeLessThanOrEqual(0);
});
