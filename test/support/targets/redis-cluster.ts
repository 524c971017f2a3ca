import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort, waitFor } from '../ports';

const run = promisify(execFile);

/** A real Redis Cluster (masters only unless replicas are asked for), each node its own process on a free port. */
export interface TestRedisCluster {
  ports: number[];
  /** Runs a command on one node (by index) over a short-lived connection. */
  call(index: number, ...args: (string | number)[]): Promise<unknown>;
  /** SIGKILL one node (a crash). */
  kill(index: number): Promise<void>;
  /** SIGSTOP / SIGCONT one node: it keeps its port and connections but answers nothing. */
  freeze(index: number): void;
  thaw(index: number): void;
  /** The end of one node's log (to say why a test's cluster did not do what it should). */
  log(index: number): string;
  stop(): Promise<void>;
}

/** Ports are picked before the servers bind them, so another process can win one: try again then. */
export async function startRedisCluster(masters = 3, options: ClusterOptions = {}): Promise<TestRedisCluster> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await launchCluster(masters, options);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

export interface ClusterOptions {
  password?: string;
  /** Replicas per master (redis-cli --cluster-replicas): which node becomes which is read from CLUSTER NODES. */
  replicas?: number;
}

/** Distinct free ports (the OS may hand out the same free port twice while none is bound yet). */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

async function launchCluster(masters: number, options: ClusterOptions): Promise<TestRedisCluster> {
  const replicas = options.replicas ?? 0;
  const total = masters * (1 + replicas);
  const auth = options.password ? ['--requirepass', options.password, '--masterauth', options.password] : [];
  const dir = mkdtempSync(join(tmpdir(), 'imalert-cluster-'));
  const ports: number[] = [];
  const children: ChildProcess[] = [];
  const logs: (() => string)[] = [];
  const call = async (index: number, ...args: (string | number)[]) => {
    const client = new Redis({ port: ports[index], host: '127.0.0.1', password: options.password, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
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
  const nodeUp = async (i: number) => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (children[i].exitCode !== null) throw new Error(`cluster node ${ports[i]} exited: ${logs[i]()}`);
      if ((await call(i, 'PING').catch(() => null)) === 'PONG') return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`cluster node ${ports[i]} did not start: ${logs[i]()}`);
  };
  const stop = async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // The bus port defaults to port + 10000, which may be taken or past 65535: pick it too.
    const picked = await distinctFreePorts(total * 2);
    for (let i = 0; i < total; i += 1) {
      const port = picked[i];
      const busPort = picked[total + i];
      ports.push(port);
      const child = spawn('redis-server', [
        '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes',
        '--cluster-port', String(busPort),
        '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '500',
        '--dir', dir, '--save', '', '--appendonly', 'no', ...auth,
        // A replica fails over however long ago it last heard its master: with a short node timeout
        // the default validity rule refuses a freshly killed master's replica.
        ...(replicas > 0 ? ['--cluster-replica-validity-factor', '0'] : []),
        // A replica's first sync starts at once (not 5 s later), so the wait below is short.
        '--repl-diskless-sync-delay', '0',
      ], { stdio: ['ignore', 'pipe', 'pipe'] });
      // Keep the end of the log, to say why a node did not come up.
      let log = '';
      const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-2000));
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      logs.push(() => log);
      children.push(child);
    }
    for (let i = 0; i < total; i += 1) {
      await nodeUp(i);
    }
    const cliAuth = options.password ? ['-a', options.password, '--no-auth-warning'] : [];
    await run('redis-cli', [...cliAuth, '--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(replicas), '--cluster-yes'], { timeout: 30_000 });
    for (let i = 0; i < total; i += 1) {
      await waitFor(async () => /cluster_state:ok/.test(String(await call(i, 'CLUSTER', 'INFO'))), 20_000, 100, `cluster_state ok on ${ports[i]}`);
    }
    // Every node must see every replica linked before a test kills one.
    const linkedReplicas = async (i: number) => String(await call(i, 'CLUSTER', 'NODES')).split('\n').filter((l) => / (myself,)?slave /.test(l) && / connected$/.test(l.trim())).length;
    for (let i = 0; i < total; i += 1) {
      await waitFor(async () => (await linkedReplicas(i)) === masters * replicas, 30_000, 100, `replicas linked as seen by ${ports[i]}`);
    }
    // ...and every replica holds its primary's data: one promoted before its first sync would be empty.
    for (let i = 0; i < total; i += 1) {
      await waitFor(async () => {
        const info = String(await call(i, 'INFO', 'replication'));
        return /role:master/.test(info) || (/master_link_status:up/.test(info) && /master_sync_in_progress:0/.test(info));
      }, 30_000, 100, `node ${ports[i]} in sync with its primary`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    ports,
    call,
    async kill(index) {
      children[index].kill('SIGCONT');
      children[index].kill('SIGKILL');
      await exited(children[index]);
    },
    freeze: (index) => children[index].kill('SIGSTOP'),
    thaw: (index) => children[index].kill('SIGCONT'),
    log: (index) => logs[index](),
    stop,
  };
}
