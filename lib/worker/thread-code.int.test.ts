import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { threadCode, threadFlags, withoutTsx } from './thread-code';

// dist/ is built by the integration tests' globalSetup (scripts/build-daemons.mjs), as `npm run build` builds it.
describe('the check thread code in dist/', () => {
  it('is plain JavaScript that imports packages from node_modules and runs a batch', async () => {
    const { filename } = threadCode();
    expect(filename).toBe(fileURLToPath(new URL('../../dist/run-batch.js', import.meta.url)));
    const code = readFileSync(filename, 'utf8');
    expect(code).toMatch(/from "ioredis"/);
    expect(code).not.toMatch(/tsx/);
    const { default: runBatch } = (await import(pathToFileURL(filename).href)) as { default: (task: unknown) => Promise<string> };
    const monitor = { id: 'r1', kind: 'remind', message: 'water the plants', name: 'r', cron: '0 0 * * *', enabled: true, mutedUntil: null,
      failureThreshold: 1, successThreshold: 1, renotifyMinutes: 0, channelIds: [], createdAt: 1, updatedAt: 1, v: 2, timeZone: 'UTC' };
    const [result] = JSON.parse(await runBatch({ monitorsJson: JSON.stringify([monitor]), maxTimeoutMs: 1000 })) as Array<{ ok: boolean; message: string }>;
    expect(result.ok).toBe(true);
    expect(result.message).toContain('water the plants');
  });

  it('starts threads without tsx loader flags, keeping the others', () => {
    expect(withoutTsx(['--import', 'tsx', '--max-old-space-size=512'])).toEqual(['--max-old-space-size=512']);
    expect(withoutTsx(['--require', '/app/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///app/node_modules/tsx/dist/loader.mjs'])).toEqual([]);
    expect(withoutTsx(['--import=tsx', '--enable-source-maps'])).toEqual(['--enable-source-maps']);
    expect(withoutTsx(['--import', './otel.mjs', '-r', 'dotenv/config'])).toEqual(['--import', './otel.mjs', '-r', 'dotenv/config']);
  });

  it('starts threads without the per-process flags Node refuses in a thread, keeping the others', () => {
    expect(threadFlags(['--max-old-space-size=512', '--enable-source-maps', '--stack-size=2000'])).toEqual(['--enable-source-maps']);
    expect(threadFlags(['--perf-basic-prof'])).toEqual([]);
    expect(threadFlags(['--no-warnings'])).toEqual(['--no-warnings']);
    expect(threadFlags([])).toEqual([]);
  });

  it('runs checks in a worker process started with flags that threads refuse (--max-old-space-size, --stack-size)', () => {
    const fixture = fileURLToPath(new URL('../../test/fixtures/pool-flags.ts', import.meta.url));
    const out = execFileSync(process.execPath, ['--max-old-space-size=256', '--stack-size=900', '--import', 'tsx', fixture], { encoding: 'utf8', timeout: 30_000 });
    expect(JSON.parse(out.trim().split('\n').pop() ?? '')).toMatchObject({ ok: true, message: 'water the plants' });
  });
});
