import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { defineScripts } from '../../lib/lua/define';
import { freePort, waitFor } from './ports';

/**
 * A redis-server of the test's own, on a free port, in a temporary directory. Tests can kill and
 * restart it (same port, same data when persistence is on) and never touch anyone else's Redis.
 */
export interface TestRedis {
  port: number;
  url: string;
  dir: string;
  /** The server's process id (the wrapper's, which runs it in-process, as valgrind does). */
  pid(): number;
  client(): Redis;
  /** SIGKILL the server (a crash). */
  kill(): Promise<void>;
  /** SIGSTOP: the server freezes with its connections open (a stalled host); resume() continues it. */
  pause(): void;
  resume(): void;
  /** Start it again on the same port with the same arguments. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestRedisOptions {
  args?: string[];
  port?: number;
  persistence?: boolean;
  /** A program that runs redis-server (its arguments first), e.g. valgrind for a bench. */
  wrapper?: string[];
  /** How long the server may take to answer after a start (default 10 s). */
  startTimeoutMs?: number;
  /** requirepass (and masterauth, for a replica): the probe, client() and url use it too. */
  password?: string;
}

export async function startRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'imalert-redis-'));
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
    '--appendonly', options.persistence ? 'yes' : 'no', '--maxmemory-policy', 'noeviction',
    ...(options.password ? ['--requirepass', options.password, '--masterauth', options.password] : []),
    ...(options.args ?? []),
  ];
  let child: ChildProcess | undefined;
  const clients: Redis[] = [];
  const password = options.password;

  const launch = async () => {
    const [command, ...prefix] = [...(options.wrapper ?? []), 'redis-server'];
    child = spawn(command, [...prefix, ...args], { stdio: 'ignore' });
    await waitFor(async () => {
      const probe = new Redis({ port, host: '127.0.0.1', password, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      probe.on('error', () => undefined); // refused while the server starts: expected, polled again
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } finally {
        probe.disconnect();
      }
    }, options.startTimeoutMs ?? 10_000, 50, `redis-server on port ${port}`);
  };
  const exited = () => new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });

  await launch();
  return {
    port,
    dir,
    pid: () => child?.pid ?? -1,
    url: password ? `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`,
    client() {
      const client = defineScripts(new Redis({ port, host: '127.0.0.1', password, maxRetriesPerRequest: null }));
      clients.push(client);
      return client;
    },
    async kill() {
      child?.kill('SIGKILL');
      await exited();
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async restart() {
      await launch();
    },
    async stop() {
      for (const c of clients) c.disconnect();
      child?.kill('SIGTERM');
      await exited();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
