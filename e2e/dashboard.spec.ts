import type { Page } from '@playwright/test';
import { expect, logIn, screenshotPath, test } from './support/fixtures';

/** Horizontal overflow of the page in CSS pixels (0 or less: nothing sticks out). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Inputs, selects and text areas a person can use that have no label (by <label>, aria-label or aria-labelledby). */
const unlabelled = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea')]
      .filter((el) => !['hidden', 'submit', 'button'].includes(el.type))
      .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
      .map((el) => el.outerHTML.slice(0, 160)),
  );

test.describe.serial('the dashboard', () => {
  const ids: Record<string, string> = {};
  const requested: string[] = [];

  test('one row per monitor: status in colour and word with paused beside it, kind, target, schedule in words (cron on hover), last check, duration, uptime, next run', async ({ page }) => {
    page.on('request', (request) => requested.push(request.url()));
    await logIn(page);
    const redisPort = new URL(process.env.E2E_REDIS_URL!).port;
    // Made through the REST API (the forms have their own tests), run at once, then looked at.
    const create = async (body: Record<string, unknown>) => {
      const response = await page.request.post('/api/monitors', { data: { cron: '0 0 1 1 *', ...body } });
      expect(response.status(), await response.text()).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    const statusOf = async (id: string) => ((await (await page.request.get(`/api/monitors/${id}`)).json()) as { state: { status?: string } | null }).state?.status;
    ids.alpha = await create({ kind: 'tcp', name: 'e2e dash alpha', host: '127.0.0.1', port: Number(redisPort), cron: '*/5 * * * *' });
    ids.beta = await create({ kind: 'tcp', name: 'e2e dash beta', host: '127.0.0.1', port: 1 }); // nothing listens: refused at once
    ids.gamma = await create({ kind: 'remind', name: 'e2e dash gamma', message: 'water the plants', enabled: false });
    for (const id of [ids.alpha, ids.beta]) expect((await page.request.post(`/api/monitors/${id}/run`)).status()).toBe(202);
    await expect.poll(() => statusOf(ids.alpha), { timeout: 30_000 }).toBe('up');
    await expect.poll(() => statusOf(ids.beta), { timeout: 30_000 }).toBe('down');

    await page.goto('/');
    const strip = page.getByTestId('system-strip');
    await expect(strip).toContainText('Redis: reachable');
    await expect(strip).toContainText(/Controllers alive: [1-9]/);
    await expect(strip).toContainText(/Workers alive: [1-9]/);
    await expect(strip).toContainText(/Jobs waiting: \d+/);
    await expect(strip).toContainText(/Jobs in progress: \d+/);
    await expect(strip).toContainText(/Dead letters: \d+/);
    await expect(page.getByTestId('count-total')).toContainText(/\d+All/);

    await page.getByLabel('Search by name').fill('e2e dash');
    const rows = page.getByTestId('monitor-row');
    await expect(rows).toHaveCount(3);
    await expect(page).toHaveURL(/search=e2e\+dash/);

    const alpha = rows.filter({ hasText: 'e2e dash alpha' });
    await expect(alpha).toHaveAttribute('data-status', 'up');
    const cell = (row: typeof alpha, label: string) => row.locator(`td[data-label="${label}"]`);
    await expect(alpha.getByTestId('row-status')).toHaveText('Up');
    await expect(cell(alpha, 'Kind')).toHaveText('Is It Reachable');
    await expect(cell(alpha, 'Target')).toHaveText(`127.0.0.1:${redisPort}`);
    await expect(cell(alpha, 'Schedule')).toHaveText('every 5 minutes');
    await expect(cell(alpha, 'Schedule').locator('span')).toHaveAttribute('title', /^\*\/5 \* \* \* \*/);
    await expect(cell(alpha, 'Last check')).toHaveText(/^\d+ (s|min) ago$/);
    await expect(cell(alpha, 'Duration')).toHaveText(/^\d+ ms$/);
    await expect(cell(alpha, 'Uptime 24 h')).toHaveText('100 %');
    await expect(cell(alpha, 'Next run')).toHaveText(/^in \d+ (s|min)$/);

    const beta = rows.filter({ hasText: 'e2e dash beta' });
    await expect(beta.getByTestId('row-status')).toHaveText('Down');
    await expect(cell(beta, 'Uptime 24 h')).toHaveText(/^0(\.00)? %$/);
    // The colour differs with the status, beside the word.
    const colour = (row: typeof alpha) => row.getByTestId('row-status').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await colour(alpha)).not.toBe(await colour(beta));

    const gamma = rows.filter({ hasText: 'e2e dash gamma' });
    await expect(cell(gamma, 'Status')).toContainText('Paused');
    await expect(cell(gamma, 'Kind')).toHaveText('Remind Me');
    await expect(cell(gamma, 'Next run')).toHaveText('paused');
    await page.screenshot({ path: screenshotPath('dashboard-filtered'), fullPage: true });
  });

  test('filters by status and kind, counts per status filter too, and the page keeps refreshing', async ({ page }) => {
    await logIn(page);
    await page.goto('/?search=e2e+dash');
    const rows = page.getByTestId('monitor-row');
    await expect(rows).toHaveCount(3);

    await page.getByLabel('Status', { exact: true }).selectOption('down');
    await expect(rows).toHaveCount(1);
    await expect(rows).toHaveAttribute('data-monitor-id', ids.beta);
    await page.getByLabel('Status', { exact: true }).selectOption('');
    await page.getByLabel('Kind', { exact: true }).selectOption('remind');
    await expect(rows).toHaveCount(1);
    await expect(rows).toHaveAttribute('data-monitor-id', ids.gamma);
    await page.getByLabel('Kind', { exact: true }).selectOption('');
    await expect(rows).toHaveCount(3);

    // The counts at the top are buttons that filter by their status.
    expect(Number(await page.getByTestId('count-paused').locator('strong').textContent())).toBeGreaterThanOrEqual(1);
    expect(Number(await page.getByTestId('count-down').locator('strong').textContent())).toBeGreaterThanOrEqual(1);
    await page.getByTestId('count-paused').click();
    await expect(page.getByTestId('count-paused')).toHaveAttribute('aria-pressed', 'true');
    await expect(rows).toHaveCount(1);
    await expect(rows).toHaveAttribute('data-monitor-id', ids.gamma);
    await page.getByTestId('count-total').click();
    await expect(rows).toHaveCount(3);

    // Live: the data request repeats by itself (every 2 s) without a reload.
    const polls: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/dashboard') polls.push(request.url());
    });
    await expect.poll(() => polls.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  });

  test('usable by keyboard alone: log in, search, open a monitor, run it now', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByLabel('User name')).toBeFocused();
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type(process.env.E2E_ADMIN_PASSWORD!);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/');

    const tabTo = async (isTarget: (el: Element | null) => boolean, what: string) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluateHandle(() => document.activeElement).then((h) => h.evaluate(isTarget))) return;
      }
      throw new Error(`Tab never reached ${what}`);
    };
    await tabTo((el) => el?.id === 'filter-search', 'the search field');
    await page.keyboard.type('e2e dash beta');
    await expect(page.getByTestId('monitor-row')).toHaveCount(1);
    await tabTo((el) => el?.tagName === 'A' && el.textContent === 'e2e dash beta', 'the monitor link');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/monitors/${ids.beta}$`));
    await tabTo((el) => el?.tagName === 'BUTTON' && el.textContent === 'Run now', 'Run now');
    await page.keyboard.press('Enter');
    await expect(page.locator('#run-message')).toContainText('Queued');
  });

  test('every input has a label; the pages fit 1280 px; nothing is loaded from another site', async ({ page }) => {
    page.on('request', (request) => requested.push(request.url()));
    await page.goto('/login');
    expect(await unlabelled(page)).toEqual([]);
    await logIn(page);
    const pages = [
      '/', '/monitors/new', ...['redis', 'elastic', 'remind', 'http', 'tcp', 'latency', 'heartbeat'].map((k) => `/monitors/new?kind=${k}`),
      `/monitors/${ids.alpha}`, `/monitors/${ids.alpha}/edit`, '/settings', '/alerts',
    ];
    for (const path of pages) {
      await page.goto(path);
      expect(await unlabelled(page), path).toEqual([]);
      expect(page.viewportSize()?.width).toBe(1280);
      expect(await overflow(page), path).toBeLessThanOrEqual(0);
    }
    const base = new URL(process.env.E2E_BASE_URL!).origin;
    const foreign = requested.filter((url) => !url.startsWith(`${base}/`) && !/^(data|blob):/.test(url));
    expect(requested.length).toBeGreaterThan(20);
    expect(foreign).toEqual([]);
  });
});
