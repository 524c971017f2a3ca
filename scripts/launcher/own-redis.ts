import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { RedisConnection } from '../../lib/config';
import { ensureRedisPassword } from './redis-password';

export interface LaunchedRedis {
  /** The URL of the redis-server this launcher started (undefined: the configured Redis is used). */
  url?: string;
  /** For the "which Redis" line. */
  description: string;
  /** Stops the redis-server this launcher started (AOF is flushed on SIGTERM); no-op otherwise. */
  stop(): Promise<void>;
  child?: ChildProcess;
}

/** The redis-server this launcher runs (or adopted), always with its URL. */
export type OwnRedis = LaunchedRedis & { url: string };

export class MissingRedisServerError extends Error {
  constructor() {
    super(
      'redis-server was not found on PATH. Either install it (Debian/Ubuntu: `sudo apt-get install redis-server`, ' +
        'macOS: `brew install redis`) and run `npm start` again, or set REDIS_URL to a Redis you already have ' +
        '(redis://host:6379 or rediss:// for TLS).',
    );
    this.name = 'MissingRedisServerError';
  }
}

/**
 * Runs imalert's own redis-server: data (AOF) under .data/redis, on 127.0.0.1 and a free port, with
 * the password from .data/redis.password. The port is remembered in .data/redis/port and reused when
 * free, so the URL stays the same across starts.
 */
export async function startOwnRedis(dataDir: string): Promise<OwnRedis> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error) throw new MissingRedisServerError();
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const password = ensureRedisPassword(dataDir);
  const portFile = join(dir, 'port');
  const remembered = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8').trim()) : NaN;
  const known = Number.isInteger(remembered) && remembered > 0;
  if (known && !(await isFree(remembered))) {
    // A redis-server left running on our data (a launcher that was killed): use it, never start a
    // second server on the same AOF files.
    const leftOver = await adoptLeftOver(remembered, dir, password);
    if (leftOver) return leftOver;
  }
  const port = known && (await isFree(remembered)) ? remembered : await freePort();
  writeFileSync(portFile, `${port}\n`);
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no',
    '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--maxmemory-policy', 'noeviction',
    '--logfile', 'redis.log',
  ];
  // Its own process group: Ctrl-C reaches only the launcher, which stops Redis last. The password
  // goes in as configuration on stdin ("-"), so no process listing shows it.
  const child = spawn('redis-server', ['-', ...args], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  child.stdin?.on('error', () => undefined); // an early exit is reported by waitForRedis
  child.stdin?.end(`requirepass ${password}\n`);
  const url = urlOf(port, password);
  await waitForRedis(port, password, child, join(dir, 'redis.log'));
  return {
    url,
    child,
    description: `its own redis-server on 127.0.0.1:${port} (data in ${dir}, AOF on)`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const urlOf = (port: number, password: string) => `redis://:${password}@127.0.0.1:${port}`;

const probeClient = (port: number, password?: string) => {
  const client = new Redis({ port, host: '127.0.0.1', password, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  return client;
};

/** Connects with our password; a server started before it had one gets it now. */
async function connectAdopted(port: number, password: string): Promise<Redis> {
  const client = probeClient(port, password);
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.disconnect();
    if (!/without any password configured|no password is set/i.test((error as Error).message)) throw error;
  }
  const open = probeClient(port);
  await open.connect();
  await open.config('SET', 'requirepass', password);
  return open;
}

async function adoptLeftOver(port: number, dir: string, password: string): Promise<OwnRedis | undefined> {
  let client: Redis | undefined;
  try {
    client = await connectAdopted(port, password);
    const [, runningDir] = (await client.config('GET', 'dir')) as string[];
    if (realpathSync(runningDir) !== realpathSync(dir)) return undefined;
  } catch (error) {
    // Never a second server on the same files: one that refuses our password is the operator's to sort out.
    if (/WRONGPASS|NOAUTH/.test((error as Error).message)) {
      throw new Error(`a redis-server on 127.0.0.1:${port} uses ${dir} but refuses the password in redis.password; stop it, or restore that file`);
    }
    return undefined;
  } finally {
    client?.disconnect();
  }
  return {
    url: urlOf(port, password),
    description: `its own redis-server on 127.0.0.1:${port} (data in ${dir}, AOF on; left running by an earlier start, reused)`,
    async stop() {
      const admin = new Redis({ port, host: '127.0.0.1', password, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      admin.on('error', () => undefined);
      await admin.call('SHUTDOWN').catch(() => undefined); // the connection closes as it exits
      admin.disconnect();
    },
  };
}

async function waitForRedis(port: number, password: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n') : '';
      throw new Error(`redis-server exited at start (code ${child.exitCode}). Its log (${logFile}):\n${log}`);
    }
    const client = probeClient(port, password);
    try {
      await client.connect();
      // Loading a large AOF answers LOADING until done: wait for a real PONG.
      if ((await client.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      client.disconnect();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server did not answer on port ${port} within 15 s`);
}

export function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** A Redis URL for people to read: the password is never printed. */
/** The configured Redis in one line, passwords left out. */
export function describeRedisConnection(connection: RedisConnection): string {
  const tls = connection.mode !== 'url' && connection.tls ? ', TLS' : '';
  const list = (nodes: { host: string; port: number }[]) => nodes.map(({ host, port }) => `${host.includes(':') ? `[${host}]` : host}:${port}`).join(', ');
  if (connection.mode === 'sentinel') return `master "${connection.masterName}" via sentinels ${list(connection.sentinels)}${tls} (from REDIS_SENTINELS)`;
  if (connection.mode === 'cluster') return `cluster of ${list(connection.nodes)}${tls} (from REDIS_CLUSTER_NODES)`;
  return `${describeRedisUrl(connection.url)} (from REDIS_URL)`;
}

export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return 'REDIS_URL (unparseable)';
  }
}
