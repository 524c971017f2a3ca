import type { Redis } from 'ioredis';
import { createThroughForm, expect, KEY_PREFIX, logIn, test } from './support/fixtures';

const stored = async (redis: Redis, id: string) => JSON.parse((await redis.get(`${KEY_PREFIX()}:monitor:${id}`))!) as Record<string, unknown>;

/** A datetime-local value one day ahead, in the local zone. */
function tomorrowLocal(): string {
  const d = new Date(Date.now() + 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

test('a mute with a forged time-zone offset is refused beside its field, and the monitor stays readable', async ({ page, redis }) => {
  await logIn(page);
  const id = await createThroughForm(page, 'tcp', 'e2e forged mute', async (p) => {
    await p.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await p.getByLabel('Port', { exact: true }).fill('9');
  });
  await page.locator('input[name="tzOffset"]').evaluate((input: HTMLInputElement) => { input.value = '2e11'; });
  await page.getByLabel('Mute alerts until').fill(tomorrowLocal());
  await page.getByRole('button', { name: 'Mute', exact: true }).click();
  await expect(page.locator('#mutedUntil-error')).toContainText('time zone offset');
  expect((await stored(redis, id)).mutedUntil).toBeNull();

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('e2e forged mute');
  expect((await page.request.get(`/api/monitors/${id}`)).status()).toBe(200);
  await page.goto(`/monitors/${id}/edit`);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('e2e forged mute');
});

test('a name with a text-direction override is refused by the form', async ({ page, redis }) => {
  await logIn(page);
  await page.goto('/monitors/new?kind=remind');
  await page.getByLabel('Name', { exact: true }).fill('invoice\u202Egpj.exe');
  await page.getByLabel('Cron expression').fill('0 9 * * *');
  await page.getByLabel('Message', { exact: true }).fill('pay it');
  await page.getByRole('button', { name: 'Create monitor' }).click();
  await expect(page.locator('#name-error')).toHaveText('Name must not contain control characters or text-direction marks');
  expect(await redis.hget(`${KEY_PREFIX()}:monitor-names`, 'invoice\u202egpj.exe')).toBeNull();
});

test('the REST API: loose JSON, unknown channels and bad queries are 400s that say why; a typed "enc:v1:" password is encrypted', async ({ page, redis }) => {
  await logIn(page);
  const tcp = { kind: 'tcp', name: 'e2e strict api', cron: '0 0 1 1 *', host: '127.0.0.1', port: 443 };
  for (const [field, value] of [['port', [443]], ['port', true], ['port', '0x50'], ['failureThreshold', [3]], ['mutedUntil', 1], ['channelIds', ['nosuchchannel']]] as const) {
    const response = await page.request.post('/api/monitors', { data: { ...tcp, [field]: value } });
    expect(response.status(), `${field}: ${JSON.stringify(value)}`).toBe(400);
    expect(Object.keys((await response.json()).fieldErrors)).toEqual([field]);
  }
  expect(await redis.hget(`${KEY_PREFIX()}:monitor-names`, 'e2e strict api')).toBeNull();

  const search = await page.request.get(`/api/monitors?search=${'x'.repeat(101)}`);
  expect(search.status()).toBe(400);
  expect((await search.json()).error).toContain('Search is at most 100 characters');
  expect((await page.request.get('/api/monitors?status=sleeping')).status()).toBe(400);
  expect((await page.request.get('/api/dashboard?limit=0x10')).status()).toBe(400);

  const typed = 'enc:v1:deadbeef:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBB:CCCC';
  const created = await page.request.post('/api/monitors', { data: { kind: 'redis', name: 'e2e typed ciphertext', cron: '0 0 1 1 *', host: '127.0.0.1', port: 6379, password: typed, watchHealth: true } });
  expect(created.status()).toBe(201);
  const password = (await stored(redis, (await created.json()).id)).password as string;
  expect(password).toMatch(/^enc:v1:/);
  expect(password).not.toBe(typed);
});
