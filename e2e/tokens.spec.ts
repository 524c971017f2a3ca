import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearerFetch, createTokenOnPage, expect, logIn, monitorIdByName, test } from './support/fixtures';
import { LOG_DIR } from './support/system';

/** API tokens end to end: made on the page, used as a script would (fetch, no cookie), revoked. */
test.describe.configure({ mode: 'serial' });

test('a token made on the page works without a cookie or Origin check, shows its last use, and answers 401 once revoked', async ({ page, redis }) => {
  test.setTimeout(150_000); // one long story on a shared machine
  await logIn(page);
  const token = await createTokenOnPage(page, 'e2e deploy script', 'editor');
  await page.reload();
  await expect(page.getByTestId('new-token')).toHaveCount(0); // shown once

  const me = await bearerFetch('/api/me', token);
  expect(me.status).toBe(200);
  expect(await me.json()).toMatchObject({ user: { name: 'admin', role: 'editor' }, via: 'token' });
  // A bearer request needs no same-origin check: a foreign Origin does not matter to it.
  const created = await bearerFetch('/api/monitors', token, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://elsewhere.example' },
    body: JSON.stringify({ kind: 'remind', name: 'made with a token', message: 'hi', cron: '0 0 1 1 *' }),
  });
  expect(created.status).toBe(201);
  expect(await monitorIdByName(redis, 'made with a token')).not.toBeNull();
  // An editor token is no admin, whatever its owner is.
  expect((await bearerFetch('/api/users', token)).status).toBe(403);

  await page.reload();
  const row = page.getByRole('table', { name: 'Your tokens' }).getByRole('row', { name: /e2e deploy script/ });
  await expect(row.getByRole('cell').nth(3)).not.toHaveText('never');
  await row.getByRole('button', { name: 'Revoke e2e deploy script' }).click();
  await expect(row).toHaveCount(0);
  const revoked = await bearerFetch('/api/monitors', token);
  expect(revoked.status).toBe(401);
  expect(await revoked.json()).toEqual({ error: 'The API token is invalid, expired or revoked.' });
  for (const bad of ['imalert_not-a-token', `${token.slice(0, -2)}xx`, 'garbage']) {
    const answer = await bearerFetch('/api/monitors', bad);
    expect(answer.status, bad).toBe(401);
    expect((await answer.json()).error).toBe('The API token is invalid, expired or revoked.');
  }
  expect((await fetch(`${process.env.E2E_BASE_URL}/api/monitors`, { headers: { authorization: `Basic ${btoa('admin:x')}` } })).status).toBe(401);

  // No log line of the UI server holds the token.
  const log = readFileSync(join(LOG_DIR, `worker-${test.info().workerIndex}-next.log`), 'utf8');
  expect(log).not.toContain(token.slice(8));
});

test('a viewer token reads but changes nothing', async ({ page, redis }) => {
  await logIn(page);
  const token = await createTokenOnPage(page, 'e2e read only', 'viewer');
  expect((await bearerFetch('/api/monitors', token)).status).toBe(200);
  const refused = await bearerFetch('/api/monitors', token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'remind', name: 'made by a viewer token', message: 'x', cron: '0 0 1 1 *' }) });
  expect(refused.status).toBe(403);
  expect((await refused.json()).error).toMatch(/this token acts as viewer/);
  expect(await monitorIdByName(redis, 'made by a viewer token')).toBeNull();
});

test('tokens through the API: made, listed without the secret, refused with a bad field, revoked', async ({ page }) => {
  await logIn(page);
  const token = await createTokenOnPage(page, 'e2e admin script', 'admin');
  const made = await bearerFetch('/api/tokens', token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'from the api', role: 'viewer', expiresInDays: 30 }) });
  expect(made.status).toBe(201);
  const body = (await made.json()) as { token: string; id: string; expiresAt: number };
  expect(body.token).toMatch(/^imalert_/);
  expect(body.expiresAt - Date.now()).toBeGreaterThan(29 * 86_400_000);
  const listed = (await (await bearerFetch('/api/tokens', token)).json()) as { tokens: { name: string }[] };
  expect(listed.tokens.map((t) => t.name)).toContain('from the api');
  expect(JSON.stringify(listed)).not.toContain(body.token);
  const bad = await bearerFetch('/api/tokens', token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', role: 'viewer', expiresInDays: '30' }) });
  expect(bad.status).toBe(400);
  expect((await bad.json()).fieldErrors.expiresInDays).toEqual([expect.stringMatching(/must be a number/)]);
  expect((await bearerFetch('/api/me', body.token)).status).toBe(200);
  expect((await bearerFetch(`/api/tokens/${body.id}`, token, { method: 'DELETE' })).status).toBe(204);
  expect((await bearerFetch('/api/me', body.token)).status).toBe(401);
});
