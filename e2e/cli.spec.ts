import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis } from '../test/support/redis-server';
import { bearerFetch, createTokenOnPage, expect, logIn, monitorCount, test } from './support/fixtures';

/** The `imalert` CLI (dist/imalert.js, as `npx imalert` runs it) against the running system, with an API token. */
function imalert(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(process.cwd(), 'dist', 'imalert.js'), ...args], { env: { PATH: process.env.PATH ?? '', ...env } as unknown as NodeJS.ProcessEnv, timeout: 120_000, encoding: 'utf8' }, (error, out, err) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err });
    });
  });
}

const dir = () => mkdtempSync(join(tmpdir(), 'imalert-cli-'));

const FILE = (port: number) => `monitors:
  - key: cli-db
    name: CLI database
    kind: tcp
    host: 127.0.0.1
    port: ${port}
    cron: "0 0 1 1 *"
    channels: [cli ops]
  - key: cli-cache
    name: CLI cache
    kind: redis
    host: 127.0.0.1
    password: \${CLI_CACHE_PASSWORD}
    watchHealth: true
    cron: "0 0 1 1 *"
`;

test('validate, plan, apply, export: a file becomes monitors, a second apply changes nothing, the export applies back', async ({ page, redis }) => {
  test.setTimeout(180_000);
  await logIn(page);
  const token = await createTokenOnPage(page, 'cli editor', 'admin');
  const env = { IMALERT_URL: process.env.E2E_BASE_URL!, IMALERT_TOKEN: token, CLI_CACHE_PASSWORD: 'cache-secret' };
  await bearerFetch('/api/channels', token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'cli ops', url: `${process.env.E2E_SLACK_BASE}/services/T0/B0/cli` }) });
  const folder = dir();
  writeFileSync(join(folder, 'monitors.yaml'), FILE(5432));

  const bad = dir();
  writeFileSync(join(bad, 'bad.yaml'), FILE(99999).replace('kind: redis', 'kind: rediss'));
  const invalid = await imalert(['validate', '-f', bad], {});
  expect(invalid.code).toBe(1);
  expect(invalid.err).toContain(`${join(bad, 'bad.yaml')}:6: monitors[0].port: Port must be between 1 and 65535`);
  expect(invalid.err).toMatch(/bad\.yaml:\d+: monitors\[1\]\.kind: kind must be one of/);
  const unset = await imalert(['validate', '-f', folder]);
  expect(unset.err).toMatch(/monitors\[1\]\.password: \$\{CLI_CACHE_PASSWORD\} is not set/);
  expect((await imalert(['validate', '-f', folder], { CLI_CACHE_PASSWORD: 'x' })).out).toContain('2 monitors valid.');

  const before = await monitorCount(redis);
  const refused = await imalert(['apply', '-f', folder], { ...env, IMALERT_TOKEN: 'imalert_not-a-token' });
  expect(refused.code).toBe(1);
  expect(refused.err).toContain('The API token is invalid, expired or revoked. (HTTP 401)');
  expect(await monitorCount(redis)).toBe(before);

  const plan = await imalert(['plan', '-f', folder], env);
  expect(plan.out).toContain('+ create cli-db (CLI database)');
  expect(plan.out).toContain('+ create cli-cache (CLI cache)');
  const applied = await imalert(['apply', '-f', folder], env);
  expect(applied.code, applied.err).toBe(0);
  expect(applied.out).toMatch(/Applied in [\d.]+ s: 2 created, 0 updated, 0 deleted\./);
  expect(await monitorCount(redis)).toBe(before + 2);
  expect((await imalert(['apply', '-f', folder], env)).out).toContain('No changes: the server matches the files.');

  writeFileSync(join(folder, 'monitors.yaml'), FILE(5433));
  expect((await imalert(['plan', '-f', folder], env)).out).toContain('~ update cli-db (CLI database): port');

  const listed = (await (await bearerFetch('/api/monitors?search=cli', token)).json()) as { monitors: Array<{ id: string; name: string; port?: number; managedByConfig: boolean; secretsSet: Record<string, boolean> }> };
  const cache = listed.monitors.find((m) => m.name === 'CLI cache')!;
  expect(cache.managedByConfig).toBe(true);
  expect(cache.secretsSet.password).toBe(true);
  // The page of a managed monitor offers no edit, and its edit form is refused.
  await page.goto(`/monitors/${cache.id}`);
  await expect(page.getByText(/Managed by a config file \(key cli-cache\)/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);

  const exported = join(dir(), 'export.yaml');
  expect((await imalert(['export', '-o', exported], env)).code).toBe(0);
  const yaml = readFileSync(exported, 'utf8');
  expect(yaml).toContain('key: cli-cache');
  expect(yaml).not.toContain('cache-secret');
  expect(yaml).toMatch(/password: set on the server and kept by apply/);
  // The export holds everything on the server, so applying it changes nothing of the managed monitors (the
  // file's port change was not applied); hand-made monitors of other tests would only be adopted by their key.
  const replanned = (await imalert(['plan', '-f', exported], env)).out.split('\n').filter((line) => /^[+~-] /.test(line));
  expect(replanned.filter((line) => !/^~ update .*: configKey, managedByConfig$/.test(line))).toEqual([]);

  await page.getByRole('button', { name: 'Detach from config' }).click();
  await expect(page.getByRole('link', { name: 'Edit' })).toBeVisible();
  writeFileSync(join(folder, 'monitors.yaml'), FILE(5432).split('  - key: cli-cache')[0]);
  const pruned = await imalert(['apply', '-f', folder, '--prune'], env);
  // The detached one is the UI's again: --prune leaves it.
  expect(pruned.out).toContain('No changes');
  expect(await monitorCount(redis)).toBe(before + 2);
});

test('apply creates 1,000 monitors, and applying them again changes nothing', async ({ page, redis }) => {
  test.setTimeout(300_000);
  await logIn(page);
  const token = await createTokenOnPage(page, 'cli bulk', 'editor');
  const env = { IMALERT_URL: process.env.E2E_BASE_URL!, IMALERT_TOKEN: token };
  const folder = dir();
  const monitors = Array.from({ length: 1000 }, (_, i) => `  - key: bulk-${i}\n    name: bulk ${i}\n    kind: tcp\n    host: 127.0.0.1\n    port: ${1000 + i}\n    cron: "0 0 1 1 *"\n`);
  writeFileSync(join(folder, 'bulk.yaml'), `monitors:\n${monitors.join('')}`);
  const before = await monitorCount(redis);
  const started = Date.now();
  const applied = await imalert(['apply', '-f', folder], env);
  const seconds = (Date.now() - started) / 1000;
  console.log(`imalert apply of 1,000 monitors: ${seconds.toFixed(1)} s (${applied.out.split('\n').filter((l) => l.startsWith('Applied')).join('')})`);
  expect(applied.code, applied.err).toBe(0);
  expect(await monitorCount(redis)).toBe(before + 1000);
  expect((await imalert(['apply', '-f', folder], env)).out).toContain('No changes: the server matches the files.');
  // --prune with a file that names none of them deletes them again (other specs share this system's dashboard).
  writeFileSync(join(folder, 'bulk.yaml'), 'monitors: []\n');
  const pruned = await imalert(['apply', '-f', folder, '--prune'], env);
  expect(pruned.out).toMatch(/0 created, 0 updated, 100\d deleted/);
  expect(await monitorCount(redis)).toBeLessThanOrEqual(before);
});

test('import-imalert moves the six kinds of the original over, and says what it could not map', async ({ page }) => {
  test.setTimeout(120_000);
  const original = await startRedis();
  const r = original.client();
  try {
    const job = (kind: string, name: string, cron: string) => r.hset('H:IMALERT:JOB_HASH', `${kind}|${name}`, JSON.stringify({ job: kind.toLowerCase(), instance: name, cron }));
    await r.sadd('S:IMALERT:IWATCHREDIS:INSTANCES', 'legacy9-cache');
    await r.hset('H:IMALERT:IWATCHREDIS:legacy9-cache', { state: '1', keys: '1|10|500', iops: '0|0|1000' });
    await r.hset('H:IMALERT:IWATCHREDIS:CREDS:legacy9-cache', { host: '127.0.0.1', port: '6390', auth: 'legacy9-secret', type: 'standalone' });
    await job('IWATCHREDIS', 'legacy9-cache', '0 0/5 * * * ?');
    await r.sadd('S:IMALERT:IWATCHELASTIC:INSTANCES', 'legacy9-es');
    await r.hset('H:IMALERT:IWATCHELASTIC:legacy9-es', { state: '1' });
    await r.hset('H:IMALERT:IWATCHELASTIC:CREDS:legacy9-es', { url: 'http://127.0.0.1:9200', user: 'elastic', auth: 'es-secret', auth_required: '1' });
    await job('IWATCHELASTIC', 'legacy9-es', '0 0 * * * ?');
    await r.sadd('S:IMALERT:REMINDME:INSTANCES', 'legacy9-standup');
    await r.hset('H:IMALERT:REMINDME:legacy9-standup', { message: 'stand-up in 5' });
    await job('REMINDME', 'legacy9-standup', '0 55 9 ? * 2-6');
    await r.sadd('S:IMALERT:CHECKMYHEALTH:INSTANCES', 'legacy9-site');
    await r.hset('H:IMALERT:CHECKMYHEALTH:legacy9-site', { url: 'http://127.0.0.1:8080/health', response: 'OK' });
    await job('CHECKMYHEALTH', 'legacy9-site', '0 * * * * ?');
    await r.sadd('S:IMALERT:ISITREACHABLE:INSTANCES', 'legacy9-db');
    await r.hset('H:IMALERT:ISITREACHABLE:legacy9-db', { host: '127.0.0.1', port: '5432', timeout: '3000' });
    await job('ISITREACHABLE', 'legacy9-db', '0 0/1 * * * ?');
    await r.sadd('S:IMALERT:WHYLATENCY:INSTANCES', 'legacy9-db', 'legacy9-last-friday');
    await r.hset('H:IMALERT:WHYLATENCY:legacy9-db', { host: '127.0.0.1', port: '5432', max_latency: '200' });
    await job('WHYLATENCY', 'legacy9-db', '0 0/1 * * * ?');
    await r.hset('H:IMALERT:WHYLATENCY:legacy9-last-friday', { host: '127.0.0.1', port: '5432', max_latency: '200' });
    await job('WHYLATENCY', 'legacy9-last-friday', '0 0 12 ? * 6L');

    await logIn(page);
    const token = await createTokenOnPage(page, 'cli import', 'editor');
    const env = { IMALERT_URL: process.env.E2E_BASE_URL!, IMALERT_TOKEN: token };
    const dry = await imalert(['import-imalert', '--from', original.url, '--dry-run'], env);
    expect(dry.out).toContain('7 instances: 6 would create, 0 skipped, 1 could not be mapped, 0 failed.');
    expect((await (await bearerFetch('/api/monitors?search=legacy9', token)).json()).monitors).toEqual([]);

    const done = await imalert(['import-imalert', '--from', original.url], env);
    expect(done.code).toBe(1);
    expect(done.out).toContain('WHYLATENCY|legacy9-last-friday: could not map: schedule: L, W and # in "0 0 12 ? * 6L" have no equivalent');
    expect(done.out).toContain('WHYLATENCY|legacy9-db: created "legacy9-db (Why Latency)"');
    expect(done.out).toContain('7 instances: 6 created, 0 skipped, 1 could not be mapped, 0 failed.');
    const { monitors } = (await (await bearerFetch('/api/monitors?search=legacy9&limit=50', token)).json()) as { monitors: Array<Record<string, unknown>> };
    const byName = Object.fromEntries(monitors.map((m) => [m.name as string, m]));
    expect(byName['legacy9-cache']).toMatchObject({ kind: 'redis', cron: '0/5 * * * *', port: 6390, watchHealth: true, watchKeys: true, minKeys: 10, maxKeys: 500, password: '', secretsSet: { password: true } });
    expect(byName['legacy9-es']).toMatchObject({ kind: 'elastic', url: 'http://127.0.0.1:9200', user: 'elastic', authRequired: true, secretsSet: { password: true } });
    expect(byName['legacy9-standup']).toMatchObject({ kind: 'remind', message: 'stand-up in 5', cron: '55 9 * * 1-5' });
    expect(byName['legacy9-site']).toMatchObject({ kind: 'http', url: 'http://127.0.0.1:8080/health' });
    expect(byName['legacy9-db']).toMatchObject({ kind: 'tcp', port: 5432, timeoutMs: 3000 });
    expect(byName['legacy9-db (Why Latency)']).toMatchObject({ kind: 'latency', maxLatencyMs: 200 });

    const again = await imalert(['import-imalert', '--from', original.url], env);
    expect(again.out).toContain('7 instances: 0 created, 6 skipped, 1 could not be mapped, 0 failed.');
  } finally {
    r.disconnect();
    await original.stop();
  }
});
