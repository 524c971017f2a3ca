import { request as httpRequest } from 'node:http';
import type { Page } from '@playwright/test';
import { captureAction, type CapturedAction } from './fixtures';

/** A real login server action, captured from the browser, to send again with other passwords. */
export type CapturedLogin = CapturedAction;

export interface LoginOutcome {
  status: number;
  loggedIn: boolean;
  text: string;
}

const MARK = 'captured-login-password-mark';

/** Types a marker password into the login form and keeps the action request (aborted). */
export async function captureLoginAction(page: Page): Promise<CapturedLogin> {
  const captured = await captureAction(page, '/login', async () => {
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(MARK);
    await page.getByRole('button', { name: 'Log in' }).click();
  });
  if (!captured.body.includes(MARK)) throw new Error('the captured login action does not carry the typed password');
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
