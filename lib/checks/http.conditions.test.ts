import { afterEach, describe, expect, it } from 'vitest';
import { answer, startHttpTarget, type Handler, type HttpTarget } from '../../test/support/targets/http-target';
import { monitorOf } from '../../test/support/targets/monitor';
import type { MonitorOf } from '../monitors/schema';
import { runCheck } from './index';

let targets: HttpTarget[] = [];
afterEach(async () => {
  await Promise.all(targets.map((t) => t.close()));
  targets = [];
});

async function serve(handler: Handler) {
  const target = await startHttpTarget(handler);
  targets.push(target);
  return target;
}

type HttpFields = Parameters<typeof monitorOf<'http'>>[1];
const health = (url: string, fields: Partial<HttpFields> = {}) => monitorOf('http', { url, timeoutMs: 10_000, ...fields });
const conditionsOf = (details: Record<string, unknown>) => details.conditions as { name: string; ok: boolean; measured: unknown; threshold: unknown; node?: string }[];

describe('Check My Health: the request', () => {
  it('sends the method, the headers, the secret headers and the body', async () => {
    const t = await serve(answer(201, 'created'));
    const result = await runCheck(health(`${t.url}/orders`, {
      method: 'POST',
      headers: 'Content-Type: application/json\nX-Env: prod',
      secretHeaders: 'Authorization: Bearer tok-8f3a91c2e7',
      body: '{"probe":true}',
    }));
    expect(result.ok).toBe(true);
    expect(t.requests[0]).toMatchObject({ method: 'POST', path: '/orders', body: '{"probe":true}' });
    expect(t.requests[0].headers).toMatchObject({ 'content-type': 'application/json', 'x-env': 'prod', authorization: 'Bearer tok-8f3a91c2e7', 'content-length': '14' });
  });

  it('never lets a secret header into the message or the details, even when the target echoes it', async () => {
    const t = await serve((req, res) => {
      res.writeHead(403);
      res.end(`refused ${req.headers['x-api-key']} and ${String(req.headers.authorization).split(' ')[1]}`);
    });
    const result = await runCheck(health(t.url, { secretHeaders: 'X-Api-Key: key-51d0c9aa\nAuthorization: Bearer tok-77e2b4d1' }));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('refused *** and ***');
    expect(JSON.stringify(result)).not.toMatch(/key-51d0c9aa|tok-77e2b4d1/);
  });
});

describe('Check My Health: accepted status codes', () => {
  it('accepts 200–299 by default and names the status and the accepted codes when it fails', async () => {
    const t = await serve((req, res) => answer(req.url === '/ok' ? 204 : 503, 'database down')(req, res));
    expect((await runCheck(health(`${t.url}/ok`))).ok).toBe(true);
    const down = await runCheck(health(`${t.url}/down`));
    expect(down.ok).toBe(false);
    expect(down.message).toContain('HTTP status: 503 vs is 200–299');
    expect(down.message).toContain('body: database down');
  });

  it('takes a list of codes and ranges', async () => {
    const t = await serve(answer(418, 'teapot'));
    expect((await runCheck(health(t.url, { acceptedStatus: '200-299,418' }))).ok).toBe(true);
    const result = await runCheck(health(t.url, { acceptedStatus: '200-299, 301' }));
    expect(result.message).toContain('HTTP status: 418 vs is 200–299 or 301');
  });
});

describe('Check My Health: redirects', () => {
  const redirecting: Handler = (req, res) => {
    if (req.url === '/health') return answer(200, `arrived by ${req.method}`)(req, res);
    res.writeHead(req.url === '/see-other' ? 303 : req.url === '/temporary' ? 307 : 302, { location: '/health' });
    res.end();
  };

  it('with redirects off, judges the redirect itself: a 302 fails unless it is accepted', async () => {
    const t = await serve(redirecting);
    const result = await runCheck(health(`${t.url}/old`, { redirects: 'none' }));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('HTTP status: 302 vs is 200–299');
    expect(t.requests.map((r) => r.path)).toEqual(['/old']);
    expect((await runCheck(health(`${t.url}/old`, { redirects: 'none', acceptedStatus: '200-299,302' }))).ok).toBe(true);
  });

  it('following, a 303 goes on with a GET and no body; a 307 repeats the POST with its body', async () => {
    const t = await serve(redirecting);
    const seeOther = await runCheck(health(`${t.url}/see-other`, { method: 'POST', body: 'x=1', expectedText: 'arrived by GET' }));
    expect(seeOther.ok).toBe(true);
    const temporary = await runCheck(health(`${t.url}/temporary`, { method: 'POST', body: 'x=1', expectedText: 'arrived by POST' }));
    expect(temporary.ok).toBe(true);
    expect(t.requests.filter((r) => r.path === '/health').map((r) => [r.method, r.body])).toEqual([['GET', ''], ['POST', 'x=1']]);
  });

  it('never sends the secret headers to another origin a redirect points to', async () => {
    const other = await serve(answer(200, 'elsewhere'));
    const first = await serve((_req, res) => {
      res.writeHead(302, { location: `http://localhost:${other.port}/landing` });
      res.end();
    });
    const result = await runCheck(health(first.url, { headers: 'X-Env: prod', secretHeaders: 'X-Api-Key: key-0c41' }));
    expect(result.ok).toBe(true);
    expect(first.requests[0].headers['x-api-key']).toBe('key-0c41');
    expect(other.requests[0].headers['x-api-key']).toBeUndefined();
    expect(other.requests[0].headers['x-env']).toBe('prod');
  });
});

describe('Check My Health: the body', () => {
  it('a regular expression: passes on a match, fails naming the pattern', async () => {
    const t = await serve(answer(200, 'version: 4.2.1\nstatus: degraded'));
    expect((await runCheck(health(t.url, { expectedPattern: 'version: 4\\.\\d+' }))).ok).toBe(true);
    const result = await runCheck(health(t.url, { expectedPattern: '^status: (ok|up)$' }));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('/^status: (ok|up)$/ in the body: no match vs is a match');
  });

  it('a pattern that backtracks for ever in a JavaScript RegExp answers at once: the matching is linear', async () => {
    const t = await serve(answer(200, `${'a'.repeat(50_000)}!`));
    const result = await runCheck(health(t.url, { expectedPattern: '^(a+)+$' }));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('/^(a+)+$/ in the body: no match vs is a match');
  });

  const status = JSON.stringify({ status: 'degraded', version: 3, checks: [{ name: 'db', state: 'up' }, { name: 'queue', state: 'down' }] });

  it('a JSON path with an expected value: typed as JSON or as plain text', async () => {
    const t = await serve(answer(200, status, 'application/json'));
    expect((await runCheck(health(t.url, { jsonPath: '$.version', jsonExpected: '3' }))).ok).toBe(true);
    expect((await runCheck(health(t.url, { jsonPath: "$.checks[?@.name=='db'].state", jsonExpected: 'up' }))).ok).toBe(true);
    expect((await runCheck(health(t.url, { jsonPath: '$.checks[0].state', jsonExpected: '"up"' }))).ok).toBe(true);
    const result = await runCheck(health(t.url, { jsonPath: '$.status', jsonExpected: 'ok' }));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('$.status: "degraded" vs is "ok"');
  });

  it('every value the path selects must match; a path that selects nothing fails', async () => {
    const t = await serve(answer(200, status, 'application/json'));
    const all = await runCheck(health(t.url, { jsonPath: '$.checks[*].state', jsonExpected: 'up' }));
    expect(all.message).toContain('$.checks[*].state: "down" vs is "up"');
    const missing = await runCheck(health(t.url, { jsonPath: '$.uptime' }));
    expect(missing.message).toContain('$.uptime: nothing vs is present');
    expect((await runCheck(health(t.url, { jsonPath: '$.checks' }))).ok).toBe(true);
  });

  it('a JSON path on a body that is not JSON fails, saying so', async () => {
    const t = await serve(answer(200, '<html>maintenance</html>'));
    const result = await runCheck(health(t.url, { jsonPath: '$.status', jsonExpected: 'ok' }));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('$.status: body is not JSON vs is "ok"');
  });
});

describe('Check My Health: response time', () => {
  it('fails when the answer takes longer than the maximum, showing measured vs maximum', async () => {
    const t = await serve((req, res) => setTimeout(() => answer(200, 'ok')(req, res), 400));
    const result = await runCheck(health(t.url, { maxResponseMs: 100 }));
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/response time: \d+ ms vs at most 100 ms/);
    const time = conditionsOf(result.details).find((c) => c.name === 'response time');
    expect(time?.measured as number).toBeGreaterThanOrEqual(400);
    expect((await runCheck(health(t.url, { maxResponseMs: 60_000 }))).ok).toBe(true);
  });
});

describe('Check My Health: results', () => {
  it('keeps every condition it judged, met or not, in the details', async () => {
    const t = await serve(answer(200, '{"status":"ok"}'));
    const monitor: MonitorOf<'http'> = health(t.url, { expectedText: 'ok', jsonPath: '$.status', jsonExpected: 'ok', maxResponseMs: 60_000 });
    const result = await runCheck(monitor);
    expect(result.ok).toBe(true);
    expect(conditionsOf(result.details).map((c) => [c.name, c.ok])).toEqual([
      ['HTTP status', true], ['"ok" in the body', true], ['$.status', true], ['response time', true],
    ]);
  });
});
