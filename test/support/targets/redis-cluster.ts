import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort, waitFor } from '../ports';

const run = promisify(execFile);

/** A real Redis Cluster of masters only (no replicas), each node its own process on a free port. */
export interface TestRedisCluster {
  ports: number[];
  /** Runs a command on one node (by index) over a short-lived connection. */
  call(index: number, ...args: (string | number)[]): Promise<unknown>;
  /** SIGKILL one node (a crash). */
  kill(index: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedisCluster(masters = 3): Promise<TestRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'imalert-cluster-'));
  const ports: number[] = [];
  const children: ChildProcess[] = [];
  const call = async (index: number, ...args: (string | number)[]) => {
    const client = new Redis({ port: ports[index], host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => {});
    try {
      await client.connect();
      return await client.call(String(args[0]), ...args.slice(1).map(String));
    } finally {
      client.disconnect();
    }
  };
  const exited = (child: ChildProcess) =>
    new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  const stop = async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i += 1) {
      const port = await freePort();
      ports.push(port);
      children.push(spawn('redis-server', [
        '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes',
        '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '500',
        '--dir', dir, '--save', '', '--appendonly', 'no',
      ], { stdio: 'ignore' }));
    }
    for (let i = 0; i < masters; i += 1) await waitFor(async () => (await call(i, 'PING')) === 'PONG', 10_000, 50, `cluster node ${ports[i]}`);
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-yes'], { timeout: 30_000 });
    for (let i = 0; i < masters; i += 1) {
      await waitFor(async () => /cluster_state:ok/.test(String(await call(i, 'CLUSTER', 'INFO'))), 20_000, 100, `cluster_state ok on ${ports[i]}`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ports,
    call,
    async kill(index) {
      children[index].kill('SIGKILL');
      await exited(children[index]);
    },
    stop,
  };
}
