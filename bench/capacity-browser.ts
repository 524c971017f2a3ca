/** Time from pressing "Log in" to a usable dashboard, in chromium as the browser tests launch it. */
import { chromium, type Browser } from '@playwright/test';
import playwrightConfig from '../playwright.config';
import { median } from './machine';

export interface LoginTimes {
  samples: number[];
  median: number;
  first: number;
}

/**
 * Usable: the first rows are shown, the total says `total`, and React has hydrated the page (its
 * buttons answer a click: React's own property is on the element). Each sample is a new browser
 * context, so no session, cache or cookie carries over from the one before.
 */
async function timeLogin(browser: Browser, url: string, password: string, total: number): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${url}/login`);
    await page.getByLabel('Admin password').fill(password);
    const started = performance.now();
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('[data-testid="monitor-row"]').first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.waitForFunction((expected) => {
      const button = document.querySelector('[data-testid="count-total"]');
      return Boolean(button && button.textContent?.includes(expected) && Object.keys(button).some((key) => key.startsWith('__reactFiber')));
    }, String(total), { timeout: 60_000, polling: 'raf' });
    return performance.now() - started;
  } finally {
    await context.close();
  }
}

export async function loginToDashboard(url: string, password: string, total: number, samples = 5): Promise<LoginTimes> {
  const browser = await chromium.launch(playwrightConfig.use?.launchOptions);
  try {
    const times: number[] = [];
    for (let i = 0; i < samples; i++) times.push(await timeLogin(browser, url, password, total));
    return { samples: times, median: median(times), first: times[0] };
  } finally {
    await browser.close();
  }
}

/** A dashboard left open (it polls every 2 s) until `close` is called: the idle cost of a watcher. */
export async function openDashboard(url: string, password: string): Promise<{ close(): Promise<void> }> {
  const browser = await chromium.launch(playwrightConfig.use?.launchOptions);
  const page = await browser.newPage();
  await page.goto(`${url}/login`);
  await page.getByLabel('Admin password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('system-strip').waitFor({ timeout: 60_000 });
  return { close: () => browser.close() };
}
