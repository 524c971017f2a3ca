import { createThroughForm, expect, logIn, test } from './support/fixtures';

const MONITOR_PASSWORD = 'NoLeak-Monitor-Pa55-8c1f';
const ELASTIC_PASSWORD = 'NoLeak-Elastic-Pa55-77ab';
const HOOK_SECRET = 'NoLeakHookPathSecret9d2e';

test('no secret appears in any page, RSC payload, action answer or route JSON', async ({ page }) => {
  await logIn(page);
  const bodies: { url: string; text: string }[] = [];
  page.on('response', async (response) => {
    try {
      bodies.push({ url: response.url(), text: await response.text() });
    } catch {
      // redirects and aborted requests have no body
    }
  });

  const redisId = await createThroughForm(page, 'redis', 'e2e no-leak redis', async (p) => {
    await p.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await p.getByLabel('Password', { exact: true }).fill(MONITOR_PASSWORD);
  });
  const elasticId = await createThroughForm(page, 'elastic', 'e2e no-leak elastic', async (p) => {
    await p.getByLabel('Cluster URL').fill('http://127.0.0.1:9/');
    await p.getByLabel('Authentication required').check();
    await p.getByLabel('User', { exact: true }).fill('elastic');
    await p.getByLabel('Password', { exact: true }).fill(ELASTIC_PASSWORD);
  });
  await page.goto('/settings');
  await page.getByLabel('Name', { exact: true }).fill('e2e no-leak channel');
  await page.getByLabel('Incoming webhook URL').fill(`${process.env.E2E_SLACK_BASE}/services/T0/B0/${HOOK_SECRET}`);
  await page.getByRole('button', { name: 'Add channel' }).click();
  await expect(page.locator('#add-channel-message')).toContainText('Added');

  // A failed edit: the server's answer carries the typed values back, but never the secret (checked below).
  await page.goto(`/monitors/${redisId}/edit`);
  await page.getByLabel('Password', { exact: true }).fill(MONITOR_PASSWORD);
  await page.getByLabel('Name', { exact: true }).fill('e2e no-leak elastic');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.locator('#name-error')).toContainText('already exists');

  const pages = ['/', '/monitors/new', '/monitors/new?kind=redis', `/monitors/${redisId}`, `/monitors/${redisId}/edit`, `/monitors/${elasticId}`, `/monitors/${elasticId}/edit`, '/settings', '/alerts'];
  for (const path of pages) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    // The RSC payload of the same page, as client navigation fetches it.
    const rsc = await page.request.get(path, { headers: { RSC: '1' } });
    bodies.push({ url: `${path} (RSC)`, text: await rsc.text() });
  }
  for (const path of ['/api/dashboard', '/api/monitors', `/api/monitors/${redisId}`, `/api/monitors/${redisId}/status`, `/api/monitors/${elasticId}`, `/api/monitors/${elasticId}/status`]) {
    const response = await page.request.get(path);
    bodies.push({ url: path, text: await response.text() });
  }

  expect(bodies.length).toBeGreaterThan(20);
  for (const secret of [MONITOR_PASSWORD, ELASTIC_PASSWORD, HOOK_SECRET]) {
    const leaks = bodies.filter((b) => b.text.includes(secret)).map((b) => b.url);
    expect(leaks, `${secret} leaked`).toEqual([]);
  }
});
