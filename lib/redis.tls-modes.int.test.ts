import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../test/support/daemons';
import { freePort, waitFor } from '../test/support/ports';
import { makeTlsCertificates } from '../test/support/tls-certs';
import { checkPassword } from './auth/login';
import { findUserByName } from './users';
import { loadConfig } from './config';
import { createContext } from './context';

// Sentinel and Cluster over TLS only (no plain port anywhere), with passwords, and a private CA
// that reaches imalert through REDIS_TLS_CA_FILE: a monitor is saved and read back in each mode, and
// `npm run reset-password` (dist/reset-password.js) sets the admin password through the same settings.
const run = promisify(execFile);
const PASSWORD = 'tls-data-password';
let dir: string;
let certs: ReturnType<typeof makeTlsCertificates>;
const children: ChildProcess[] = [];

/** A TLS-only redis-server (or sentinel, with a config file) on a free port; `password` answers its PING. */
async function startTlsServer(args: string[], configFile?: string, password = PASSWORD): Promise<number> {
  const port = await freePort();
  const tls = ['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--tls-cert-file', certs.certFile, '--tls-key-file', certs.keyFile,
    '--tls-ca-cert-file', certs.caFile, '--tls-auth-clients', 'no', '--tls-replication', 'yes', '--dir', dir];
  const child = spawn('redis-server', [...(configFile ? [configFile] : []), ...tls, ...args], { stdio: 'ignore' });
  children.push(child);
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`redis-server ${args.join(' ')} exited`);
    const { stdout } = await run('redis-cli', ['--tls', '--cacert', certs.caFile, '-p', String(port), '--no-auth-warning', '-a', password, 'PING']);
    return stdout.includes('PONG');
  }, 15_000, 100, `TLS redis-server on ${port}`);
  return port;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'imalert-ha-tls-'));
  certs = makeTlsCertificates(dir);
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(children.map((child) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())))));
  rmSync(dir, { recursive: true, force: true });
});

const env = (vars: Record<string, string>) => ({ IMALERT_KEY_PREFIX: 'tls', IMALERT_SECRET_KEY: Buffer.alloc(32, 3).toString('base64'), ...vars }) as unknown as NodeJS.ProcessEnv;

/** Saves a monitor through a context made from the environment, and reads it back. */
async function roundTrip(vars: Record<string, string>): Promise<string | undefined> {
  const ctx = createContext('ui', loadConfig(env(vars)));
  try {
    const monitor = await ctx.monitors.create({ kind: 'tcp', name: `over tls ${Object.keys(vars)[0]}`, host: '127.0.0.1', port: 9, cron: '0 * * * *' });
    return (await ctx.monitors.get(monitor.id))?.name;
  } finally {
    ctx.redis.disconnect();
  }
}

/** Runs the reset-password CLI with these settings; true when the new password then logs in. */
async function resetPassword(vars: Record<string, string>): Promise<boolean> {
  const { stdout } = await run(process.execPath, ['dist/reset-password.js', 'admin', 'new-admin-password'], { cwd: REPO_ROOT, env: { ...process.env, ...(env(vars) as Record<string, string>) } });
  const ctx = createContext('ui', loadConfig(env(vars)));
  try {
    return stdout.includes('The password of admin was changed') && (await checkPassword(ctx, await findUserByName(ctx, 'admin'), 'new-admin-password'));
  } finally {
    ctx.redis.disconnect();
  }
}

describe('TLS and passwords beyond REDIS_URL', () => {
  it('reaches the primary through TLS-only sentinels, trusting the CA of REDIS_TLS_CA_FILE', async () => {
    const primary = await startTlsServer(['--save', '', '--requirepass', PASSWORD, '--masterauth', PASSWORD]);
    const file = join(dir, 'sentinel.conf');
    writeFileSync(file, `sentinel monitor tls-master 127.0.0.1 ${primary} 1\nsentinel auth-pass tls-master ${PASSWORD}\nrequirepass sentinel-secret\n`);
    const sentinel = await startTlsServer(['--sentinel'], file, 'sentinel-secret');
    const vars = {
      REDIS_SENTINELS: `127.0.0.1:${sentinel}`, REDIS_SENTINEL_MASTER: 'tls-master', REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
      REDIS_PASSWORD: PASSWORD, REDIS_TLS: 'true', REDIS_TLS_CA_FILE: certs.caFile,
    };
    expect(await roundTrip(vars)).toBe('over tls REDIS_SENTINELS');
    expect(await resetPassword(vars)).toBe(true);
  });

  it('reaches every node of a TLS-only cluster, and refuses one its CA list does not trust', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      ports.push(await startTlsServer(['--save', '', '--appendonly', 'no', '--cluster-enabled', 'yes', '--tls-cluster', 'yes', '--cluster-config-file', `nodes-${i}-${process.pid}.conf`,
        '--cluster-port', String(await freePort()), '--requirepass', PASSWORD, '--masterauth', PASSWORD]));
    }
    await run('redis-cli', ['--tls', '--cacert', certs.caFile, '-a', PASSWORD, '--no-auth-warning', '--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-yes'], { timeout: 30_000 });
    const info = async (port: number) => (await run('redis-cli', ['--tls', '--cacert', certs.caFile, '-a', PASSWORD, '--no-auth-warning', '-p', String(port), 'CLUSTER', 'INFO'])).stdout;
    for (const port of ports) await waitFor(async () => /cluster_state:ok/.test(await info(port)), 20_000, 100, `cluster_state ok on ${port}`);
    const vars = { REDIS_CLUSTER_NODES: ports.map((p) => `127.0.0.1:${p}`).join(','), REDIS_PASSWORD: PASSWORD, REDIS_TLS: 'true', REDIS_TLS_CA_FILE: certs.caFile };
    expect(await roundTrip(vars)).toBe('over tls REDIS_CLUSTER_NODES');
    expect(await resetPassword(vars)).toBe(true);
    await expect(roundTrip({ ...vars, REDIS_TLS_CA_FILE: '' })).rejects.toThrow();
  });
});
