import { request as httpRequest } from 'node:http';
import type { Page } from '@playwright/test';

/** A real login server action, captured from the browser, to send again with other passwords. */
export interface CapturedLogin {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoginOutcome {
  status: number;
  loggedIn: boolean;
  text: string;
}

const MARK = 'captured-login-password-mark';

/** Types a marker password into the login form and keeps the action request (aborted). */
export async function captureLoginAction(page: Page): Promise<CapturedLogin> {
  let captured: CapturedLogin | undefined;
  await page.route('**/login**', async (route) => {
    const req = route.request();
    if (req.method() === 'POST' && req.headers()['next-action']) {
      captured = { url: req.url(), headers: req.headers(), body: req.postData() ?? '' };
      return route.abort();
    }
    return route.continue();
  });
  await page.goto('/login');
  await page.getByLabel('Admin password').fill(MARK);
  await page.getByRole('button', { name: 'Log in' }).click();
  for (let i = 0; i < 200 && !captured; i++) await new Promise((r) => setTimeout(r, 100));
  await page.unroute('**/login**');
  if (!captured?.body.includes(MARK)) throw new Error('no login action was captured');
  return captured;
}

/** Sends the captured login with `password` over a connection from `localAddress` (a 127.x address). */
export function replayLogin(login: CapturedLogin, password: string, localAddress: string, extraHeaders: Record<string, string> = {}): Promise<LoginOutcome> {
  const body = Buffer.from(login.body.replace(MARK, password));
  const headers: Record<string, string> = { ...login.headers, ...extraHeaders, 'content-length': String(body.length) };
  delete headers['cookie'];
  return new Promise((resolve, reject) => {
    const req = httpRequest(login.url, { method: 'POST', headers, localAddress, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
        resolve({ status: res.statusCode ?? 0, loggedIn: cookies.some((c) => /^imalert_session=[^;]+/.test(c) && !/^imalert_session=;/.test(c)), text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
