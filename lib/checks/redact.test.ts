import { afterEach, describe, expect, it } from 'vitest';
import { startHttpTarget, type HttpTarget } from '../../test/support/targets/http-target';
import { monitorOf } from '../../test/support/targets/monitor';
import { runCheck } from './index';

// A watched target that echoes the request headers back, as some misconfigured proxies and debug
// endpoints do: the outcome (stored, shown on the monitor page, sent to Slack) must not carry a secret.
let target: HttpTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

const echoHeaders = (status: number) => startHttpTarget((req, res) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: 'not here', youSent: req.headers, query: req.url }));
});

const b64 = (text: string) => Buffer.from(text).toString('base64');

function expectNoTraceOf(outcome: unknown, ...secrets: string[]) {
  const all = JSON.stringify(outcome);
  for (const secret of secrets) {
    expect(all).not.toContain(secret);
    expect(all).not.toContain(JSON.stringify(secret).slice(1, -1));
  }
}

describe('secrets echoed back by a target', () => {
  it('I Watch Elastic: the password, its base64 and the Basic header value appear nowhere in the outcome', async () => {
    target = await echoHeaders(500);
    const password = 'Sup3r "secret" pass';
    const monitor = monitorOf('elastic', { url: target.url, user: 'elastic', password, authRequired: true, watchHealth: true, timeoutMs: 5000 });
    const outcome = await runCheck(monitor);
    expect(target.requests[0]?.authorization).toBe(`Basic ${b64(`elastic:${password}`)}`); // the target did get it
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain('answered HTTP 500');
    expect(outcome.message).toContain('***');
    expectNoTraceOf(outcome, password, b64(password), b64(`elastic:${password}`), b64(`elastic:${password}`).slice(0, 12), encodeURIComponent(password));
  });

  it('Check My Health: credentials in the URL of an older record do not come back through the page', async () => {
    target = await echoHeaders(200);
    const password = 'p@ss:word/42';
    const url = `http://admin:${encodeURIComponent(password)}@127.0.0.1:${target.port}/health?token=${encodeURIComponent(password)}`;
    const outcome = await runCheck(monitorOf('http', { url, expectedText: 'all good', timeoutMs: 5000 }));
    expect(outcome.ok).toBe(false);
    expect(outcome.details.bodyExcerpt).toContain('authorization');
    expectNoTraceOf(outcome, password, encodeURIComponent(password), b64(`admin:${password}`), b64(`admin:${password}`).slice(0, 12));
  });

  it('a secret cut off where the excerpt ends is hidden too', async () => {
    const password = 'x'.repeat(150);
    target = await startHttpTarget((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end(`${'.'.repeat(120)}${password}`);
    });
    const outcome = await runCheck(monitorOf('elastic', { url: target.url, user: 'u', password, authRequired: true, watchHealth: true, timeoutMs: 5000 }));
    expect(outcome.message).toMatch(/\*\*\*…/);
    expect(JSON.stringify(outcome)).not.toContain('xxxx');
  });
});
