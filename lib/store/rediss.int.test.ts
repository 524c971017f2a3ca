import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { freePort, waitFor } from '../../test/support/ports';
import { loadConfig } from '../config';
import { createContext } from '../context';
import { createRedis } from '../redis';
import { openSecrets } from '.';

// rediss:// against a local redis-server with TLS only (Debian's build has it), with a CA and a
// server certificate made here with openssl; the CA reaches the client through REDIS_TLS_CA_FILE.
let dir: string;
let port: number;
let server: ChildProcess;

function openssl(...args: string[]) {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'imalert-tls-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=imalert test CA');
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '1', '-extfile', 'san.ext');
  port = await freePort();
  server = spawn('redis-server', [
    '--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no',
    '--tls-cert-file', join(dir, 'server.crt'), '--tls-key-file', join(dir, 'server.key'), '--tls-ca-cert-file', join(dir, 'ca.crt'), '--tls-auth-clients', 'no',
  ], { stdio: 'ignore' });
  await waitFor(async () => {
    const probe = new Redis(port, '127.0.0.1', { tls: { ca: readFileSync(join(dir, 'ca.crt')) }, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } finally {
      probe.disconnect();
    }
  }, 10_000, 100, 'redis-server with TLS');
});

afterAll(() => {
  server?.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('rediss://', () => {
  it('stores and reads monitors over TLS, trusting the CA from REDIS_TLS_CA_FILE', async () => {
    const env = { REDIS_URL: `rediss://127.0.0.1:${port}`, REDIS_TLS_CA_FILE: join(dir, 'ca.crt'), IMALERT_SECRET_KEY: 'c'.repeat(64), IMALERT_KEY_PREFIX: 'tls' };
    const ctx = createContext('daemon', loadConfig(env as unknown as NodeJS.ProcessEnv));
    try {
      const created = await ctx.monitors.create({ kind: 'redis', name: 'over tls', cron: '*/5 * * * *', host: 'h', password: 'tls-secret', watchHealth: true });
      const read = await ctx.monitors.get(created.id);
      expect(openSecrets(read!, ctx.keyring)).toMatchObject({ name: 'over tls', password: 'tls-secret' });
    } finally {
      ctx.redis.disconnect();
    }
  });

  it('refuses a server its CA list does not trust', async () => {
    const client = createRedis(`rediss://127.0.0.1:${port}`, 'ui', { retryStrategy: () => null });
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    await expect(client.ping()).rejects.toThrow();
    expect(errors.map((e) => e.message).join(' ')).toMatch(/certificate/i);
    client.disconnect();
  });
});
