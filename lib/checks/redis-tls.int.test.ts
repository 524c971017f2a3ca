import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from './types';
import { redisMonitorOf } from '../../test/support/targets/monitor';
import { startTlsRedis, type TlsRedis } from '../../test/support/targets/redis-tls';
import { runCheck } from './index';

const run = promisify(execFile);

let server: TlsRedis;
beforeAll(async () => {
  server = await startTlsRedis();
});
afterAll(async () => {
  await server?.stop();
});

const tlsMonitor = (port: number, tls: boolean) =>
  redisMonitorOf({
    host: '127.0.0.1', port, password: '', mode: 'standalone', otherNodes: [], tls,
    watchHealth: true, watchKeys: true, minKeys: 0, maxKeys: 10, watchIops: false, minIops: 0, maxIops: 1000, timeoutMs: 2000,
  });

describe('I Watch Redis over TLS', () => {
  it('passes when the server certificate is trusted (NODE_EXTRA_CA_CERTS, in a process of its own)', async () => {
    // Node reads extra CAs only at start, so the check runs in a child process that trusts the cert.
    const dir = mkdtempSync(join(tmpdir(), 'imalert-tls-check-'));
    try {
      const script = join(dir, 'check.mts');
      writeFileSync(script, [
        `import { runCheck } from ${JSON.stringify(resolve('lib/checks/index.ts'))};`,
        `const result = await runCheck(${JSON.stringify(tlsMonitor(server.port, true))});`,
        'console.log(JSON.stringify(result));',
      ].join('\n'));
      const { stdout } = await run(resolve('node_modules/.bin/tsx'), [script], { env: { ...process.env, NODE_EXTRA_CA_CERTS: server.certFile }, timeout: 30_000 });
      const result = JSON.parse(stdout.trim().split('\n').pop()!) as CheckResult;
      expect(result).toMatchObject({ ok: true, message: `127.0.0.1:${server.port}: PONG, 0 keys (expected 0–10)` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails on a certificate it cannot verify, saying why', async () => {
    const result = await runCheck(tlsMonitor(server.port, true));
    expect(result.ok).toBe(false);
    expect(result.message).toContain(`127.0.0.1:${server.port} cannot be reached`);
    expect(result.message).toMatch(/self[- ]signed certificate/);
  });

  it('fails, within the limit, when TLS is off but the server speaks only TLS', async () => {
    const started = performance.now();
    const result = await runCheck(tlsMonitor(server.port, false));
    expect(result.ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(2600);
    expect(result.message).toContain(`127.0.0.1:${server.port} cannot be reached`);
  });
});
