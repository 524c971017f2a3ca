import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitFor } from '../ports';

const run = promisify(execFile);

/** A TLS-only redis-server with a fresh self-signed certificate for 127.0.0.1 (openssl makes it). */
export interface TlsRedis {
  port: number;
  /** The certificate, to trust it (NODE_EXTRA_CA_CERTS) where a test wants the handshake to pass. */
  certFile: string;
  stop(): Promise<void>;
}

/** The port is picked before the server binds it, so another process can win it: try again then. */
export async function startTlsRedis(): Promise<TlsRedis> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await launchTlsRedis();
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function launchTlsRedis(): Promise<TlsRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'imalert-redis-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child!.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost']);
    const port = await freePort();
    child = spawn('redis-server', [
      '--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--tls-cert-file', certFile, '--tls-key-file', keyFile,
      '--tls-auth-clients', 'no', '--dir', dir, '--save', '', '--appendonly', 'no',
    ], { stdio: 'ignore' });
    const running = child;
    await waitFor(() => {
      if (running.exitCode !== null) throw new Error(`TLS redis-server on ${port} exited with ${running.exitCode}`);
      return handshakes(port);
    }, 10_000, 50, `TLS redis-server on ${port}`);
    return { port, certFile, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function handshakes(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', rejectUnauthorized: false });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
