import { createServer, type Server } from 'node:http';
import { freePort } from '../test/support/ports';
import { expect, KEY_PREFIX, logIn, monitorIdByName, test } from './support/fixtures';

/**
 * A page on another port of the same host is the same site, so the browser sends it the session
 * cookie: the API must refuse what that page posts (a plain form, a no-cors fetch in disguise).
 */
let attacker: Server;
let attackerURL = '';
let target = '';

function attackPage(base: string, monitorId: string): string {
  const monitor = JSON.stringify({ kind: 'remind', name: 'made by csrf', message: 'pwned', cron: '0 0 1 1 *' });
  return `<!doctype html><html><body>
<form id="run" method="POST" action="${base}/api/monitors/${monitorId}/run"></form>
<script>
fetch(${JSON.stringify(`${base}/api/monitors`)}, { method: 'POST', mode: 'no-cors', credentials: 'include',
  headers: { 'Content-Type': 'text/plain; x=application/json' }, body: ${JSON.stringify(monitor)} })
  .catch(() => {}).finally(() => document.getElementById('run').submit());
</script></body></html>`;
}

test.beforeAll(async () => {
  const port = await freePort();
  attacker = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(attackPage(process.env.E2E_BASE_URL!, target));
  });
  await new Promise<void>((resolve) => attacker.listen(port, '127.0.0.1', resolve));
  attackerURL = `http://127.0.0.1:${port}/`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => attacker.close(() => resolve()));
});

test('a same-site page of another port can neither create a monitor nor queue a run', async ({ page, redis }) => {
  await logIn(page);
  const created = await page.request.post('/api/monitors', { data: { kind: 'remind', name: 'csrf target', message: 'hi', cron: '0 0 1 1 *' } });
  expect(created.status()).toBe(201);
  target = (await created.json()).id;
  const lastDispatched = `${KEY_PREFIX()}:last-dispatched`;
  const before = await redis.hget(lastDispatched, target);

  const refused = page.waitForResponse((response) => response.url().endsWith(`/api/monitors/${target}/run`));
  await page.goto(attackerURL);
  const answer = await refused;
  expect(answer.status()).toBe(403);
  expect(await answer.json()).toEqual({ error: expect.stringMatching(/another site/) });

  expect(await monitorIdByName(redis, 'made by csrf')).toBeNull();
  expect(await redis.hget(lastDispatched, target)).toBe(before);
});

test('the app itself still posts JSON, with or without a charset', async ({ page, redis }) => {
  await logIn(page);
  const status = await page.evaluate(async () => {
    const response = await fetch('/api/monitors', {
      method: 'POST',
      headers: { 'Content-Type': 'Application/JSON; charset=utf-8' },
      body: JSON.stringify({ kind: 'remind', name: 'same origin post', message: 'hi', cron: '0 0 1 1 *' }),
    });
    return response.status;
  });
  expect(status).toBe(201);
  expect(await monitorIdByName(redis, 'same origin post')).not.toBeNull();
});

test('a body that is not exactly application/json is refused with 415', async ({ page, redis }) => {
  await logIn(page);
  for (const type of ['text/plain; x=application/json', 'application/json-patch+json', 'text/plain', 'application/jsonx']) {
    const response = await page.request.post('/api/monitors', {
      headers: { 'content-type': type },
      data: JSON.stringify({ kind: 'remind', name: `typed ${type}`, message: 'hi', cron: '0 0 1 1 *' }),
    });
    expect(response.status(), type).toBe(415);
    expect((await response.json()).error).toMatch(/application\/json/);
    expect(await monitorIdByName(redis, `typed ${type}`)).toBeNull();
  }
});

test('a foreign Origin or a cross-site fetch is refused with 403 before anything changes', async ({ page, redis }) => {
  await logIn(page);
  const cases: Record<string, string>[] = [
    { origin: 'http://127.0.0.1:1' },
    { origin: 'null' },
    { 'sec-fetch-site': 'same-site' },
    { 'sec-fetch-site': 'cross-site' },
  ];
  for (const headers of cases) {
    const name = `foreign ${JSON.stringify(headers)}`;
    const response = await page.request.post('/api/monitors', { headers, data: { kind: 'remind', name, message: 'hi', cron: '0 0 1 1 *' } });
    expect(response.status(), name).toBe(403);
    expect((await response.json()).error).toMatch(/another site/);
    expect(await monitorIdByName(redis, name)).toBeNull();
  }
});
