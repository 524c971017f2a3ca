import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { startElasticStandIn } from '../test/support/targets/elastic-stand-in';
import type { HttpTarget } from '../test/support/targets/http-target';
import { createThroughForm, expect, expectSlackMessage, KEY_PREFIX, logIn, screenshotPath, test } from './support/fixtures';

const SECRET_HEADER_VALUE = 'E2E-Secret-Key-4d1f9a';
const API_KEY = Buffer.from('e2eKeyId:E2E-Api-Key-77b3c0').toString('base64');

/** The watched site: a JSON status that the test changes; it keeps the headers it was sent. */
let status = 'degraded';
let seen: IncomingHttpHeaders[] = [];
let server: Server;
let port: number;
let cluster: HttpTarget;

test.beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status, version: 7 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  cluster = await startElasticStandIn({ health: 'cluster-health-green', nodeStats: 'nodes-stats', settings: 'cluster-settings-defaults', authorization: `ApiKey ${API_KEY}` });
});
test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await cluster.close();
});

test.beforeEach(async ({ page }) => logIn(page));

/** Every text a person's browser could get for this monitor: its pages, their RSC payloads, the API. */
async function everythingShownFor(page: Page, id: string): Promise<string> {
  const texts: string[] = [];
  for (const path of [`/monitors/${id}`, `/monitors/${id}/edit`, '/', '/alerts']) {
    texts.push(await (await page.request.get(path)).text(), await (await page.request.get(path, { headers: { RSC: '1' } })).text());
  }
  for (const path of [`/api/monitors/${id}`, `/api/monitors/${id}/status`, '/api/monitors']) texts.push(await (await page.request.get(path)).text());
  return texts.join('\n');
}

test('Check My Health with headers, a secret header and a JSON path: DOWN listing measured vs expected, UP once the value is right; the secret never shown', async ({ page, redis }) => {
  const name = 'e2e json status';
  const id = await createThroughForm(page, 'http', name, async (p) => {
    await p.getByLabel('URL', { exact: true }).fill(`http://127.0.0.1:${port}/status`);
    await p.getByLabel('Headers', { exact: true }).fill('Accept: application/json\nX-Env: e2e');
    await p.getByLabel('Secret headers').fill(`X-Api-Key: ${SECRET_HEADER_VALUE}`);
    await p.getByLabel('JSON path', { exact: true }).fill('$.status');
    await p.getByLabel('Expected value at the JSON path').fill('ok');
    await p.getByLabel('Max response time (ms)').fill('30000');
  });
  const stored = JSON.parse((await redis.get(`${KEY_PREFIX()}:monitor:${id}`))!);
  // A form sends line breaks as CR LF; either reads as one header a line.
  expect(stored).toMatchObject({ headers: 'Accept: application/json\r\nX-Env: e2e', jsonPath: '$.status', jsonExpected: 'ok', maxResponseMs: 30000 });
  expect(stored.secretHeaders).toMatch(/^enc:v1:/);
  await expect(page.locator('.monitor-config')).toContainText('Secret headersset (hidden)');

  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByTestId('monitor-status').locator('.status')).toHaveText('down', { timeout: 30_000 });
  await expect(page.getByTestId('last-message')).toContainText('$.status: "degraded" vs is "ok"');
  await expectSlackMessage(/DOWN/, new RegExp(name), /\$\.status: \\"degraded\\" vs is \\"ok\\"/);
  await page.screenshot({ path: screenshotPath('http-conditions-down'), fullPage: true });
  expect(seen.at(-1)).toMatchObject({ accept: 'application/json', 'x-env': 'e2e', 'x-api-key': SECRET_HEADER_VALUE });

  // Saving the edit form untouched keeps the secret header: the site still gets it.
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Secret headers')).toHaveValue('');
  await expect(page.getByLabel('Secret headers')).toHaveAttribute('placeholder', '•••••• (unchanged)');
  await page.screenshot({ path: screenshotPath('http-form'), fullPage: true });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(new RegExp(`/monitors/${id}$`));
  status = 'ok';
  seen = [];
  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByTestId('monitor-status').locator('.status')).toHaveText('up', { timeout: 30_000 });
  await expectSlackMessage(/RESOLVED/, new RegExp(name));
  expect(seen.at(-1)).toMatchObject({ 'x-api-key': SECRET_HEADER_VALUE });

  expect(await everythingShownFor(page, id)).not.toContain(SECRET_HEADER_VALUE);
});

test('Check My Health refuses a regular expression RE2 cannot run, beside the field, and saves nothing', async ({ page }) => {
  await page.goto('/monitors/new?kind=http');
  await page.getByLabel('Name', { exact: true }).fill('e2e bad pattern');
  await page.getByLabel('Cron expression').fill('0 0 1 1 *');
  await page.getByLabel('URL', { exact: true }).fill(`http://127.0.0.1:${port}/`);
  await page.getByLabel('Regular expression').fill('(?=ok)');
  await page.getByLabel('Accepted status codes').fill('2xx');
  await page.getByRole('button', { name: 'Create monitor' }).click();
  await expect(page.locator('#expectedPattern-error')).toContainText('Regular expression: invalid or unsupported Perl syntax');
  await expect(page.locator('#acceptedStatus-error')).toHaveText('Accepted status codes: "2xx" is not a code (100–599) or a range like 200-299');
  expect(new URL(page.url()).pathname).toBe('/monitors/new');
});

test('I Watch Elastic with an API key and node conditions: DOWN names the node, measured vs threshold; the key never shown', async ({ page, redis }) => {
  const name = 'e2e elastic nodes';
  const id = await createThroughForm(page, 'elastic', name, async (p) => {
    await p.getByLabel('Cluster URL').fill(cluster.url);
    await p.getByLabel('Authentication required').check();
    await p.getByLabel('Authenticate with').selectOption('apiKey');
    await p.getByLabel('API key', { exact: true }).fill(API_KEY);
    await p.getByLabel('Max JVM heap used (%)').fill('85');
    await p.getByLabel("Alert past the cluster's high disk watermark").check();
  });
  expect(JSON.parse((await redis.get(`${KEY_PREFIX()}:monitor:${id}`))!).apiKey).toMatch(/^enc:v1:/);

  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByTestId('monitor-status').locator('.status')).toHaveText('down', { timeout: 30_000 });
  const message = page.getByTestId('last-message');
  await expect(message).toContainText('Cluster logs: 2 conditions failed:');
  await expect(message).toContainText('JVM heap used on es-data-2: 91% vs at most 85%');
  await expect(message).toContainText('disk used (high watermark 90%) on es-data-2: 93% vs at most 90%');
  await expectSlackMessage(/DOWN/, new RegExp(name), /JVM heap used on es-data-2: 91% vs at most 85%/);
  await page.screenshot({ path: screenshotPath('elastic-conditions-down'), fullPage: true });

  expect(await everythingShownFor(page, id)).not.toContain(API_KEY);
});
