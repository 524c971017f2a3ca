import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../lib/config';
import { createContext, type AppContext } from '../../lib/context';
import { liveProcesses } from '../../lib/heartbeat';
import { waitFor } from '../../test/support/ports';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { startThread } from './children';

// The daemons as threads of the launcher (dist/ is built by the integration tests' globalSetup).
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'c'.repeat(43) + '=';
let redis: TestRedis;
let ctx: AppContext;
let env: NodeJS.ProcessEnv;
const dir = mkdtempSync(join(tmpdir(), 'imalert-threads-'));

beforeAll(async () => {
  redis = await startRedis();
  env = { ...process.env, REDIS_URL: redis.url, IMALERT_SECRET_KEY: KEY, IMALERT_KEY_PREFIX: 'threads', HEARTBEAT_MS: '300', WORKER_HEARTBEAT_MS: '300', LOG_LEVEL: 'info' };
  ctx = createContext('daemon', loadConfig(env), redis.client());
});

afterAll(async () => {
  ctx?.redis.disconnect();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function captureOutput() {
  let text = '';
  const spies = [process.stdout, process.stderr].map((stream) => vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }));
  return { text: () => text, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

describe('a daemon as a thread of the launcher', () => {
  it('runs the built controller and worker, and stops each through its own shutdown handlers', async () => {
    const output = captureOutput();
    try {
      const threads = ['controller', 'worker'].map((name) => startThread(name, join(ROOT, 'dist', `${name}.js`), { root: ROOT, env }));
      await waitFor(async () => (await liveProcesses(ctx.redis, ctx.keys, 'controller')).length === 1, 60_000, 100, 'controller heartbeat');
      await waitFor(async () => (await liveProcesses(ctx.redis, ctx.keys, 'worker')).length === 1, 60_000, 100, 'worker heartbeat');
      threads.forEach((thread) => thread.stop());
      expect(await Promise.all(threads.map((thread) => thread.exited))).toEqual([{ code: 0, signal: null }, { code: 0, signal: null }]);
      expect(output.text()).toMatch(/^controller +\| .*"controller stopped"/m);
      expect(output.text()).toMatch(/^worker +\| .*"worker stopped".*"finished":true/m);
    } finally {
      output.restore();
    }
  });

  it('ends with its exit code and the error printed when it crashes, leaving the launcher running', async () => {
    const crashing = join(dir, 'crashing-daemon.mjs');
    writeFileSync(crashing, "setTimeout(() => { throw new Error('the daemon broke'); }, 50);\n");
    const output = captureOutput();
    try {
      const thread = startThread('controller', crashing, { root: ROOT, env });
      expect(await thread.exited).toEqual({ code: 1, signal: null });
      expect(output.text()).toMatch(/controller +\| crashed: Error: the daemon broke/);
    } finally {
      output.restore();
    }
  });

  it('says why when the daemon refuses to start (a bad setting) and ends with exit code 1', async () => {
    const output = captureOutput();
    try {
      const thread = startThread('worker', join(ROOT, 'dist', 'worker.js'), { root: ROOT, env: { ...env, WORKER_MAX_THREADS: 'many' } });
      expect(await thread.exited).toEqual({ code: 1, signal: null });
      expect(output.text()).toMatch(/worker +\| .*WORKER_MAX_THREADS/);
    } finally {
      output.restore();
    }
  });
});
