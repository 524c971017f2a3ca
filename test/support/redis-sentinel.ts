import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, waitFor } from './ports';
import { startRedis, type TestRedis } from './redis-server';

/**
 * A primary, its replica and three sentinels (`redis-server --sentinel`), each a process of the
 * test's own on a free port, with passwords on the data nodes and on the sentinels, and timings short
 * enough that a killed primary is replaced within a few seconds.
 */
export interface TestSentinels {
  masterName: string;
  /** The variables that point imalert at this master through the sentinels. */
  env: Record<string, string>;
  /** The data node the sentinels name as primary now. */
  primary(): Promise<TestRedis>;
  /** The end of each sentinel's log (to say why a failover did not happen). */
  logs(): string;
  stop(): Promise<void>;
}

const MASTER = 'imalert-ha';
const DOWN_AFTER_MS = 1000;
const FAILOVER_TIMEOUT_MS = 3000;

export async function startSentinels(options: { password: string; sentinelPassword: string }): Promise<TestSentinels> {
  const { password, sentinelPassword } = options;
  const dir = mkdtempSync(join(tmpdir(), 'imalert-sentinel-'));
  const nodes: TestRedis[] = [];
  const sentinels: { port: number; child: ChildProcess; log: () => string }[] = [];
  const ask = async (port: number, ...args: string[]) => {
    const client = new Redis({ port, host: '127.0.0.1', password: sentinelPassword, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return await client.call(args[0], ...args.slice(1));
    } finally {
      client.disconnect();
    }
  };
  const stop = async () => {
    for (const sentinel of sentinels) sentinel.child.kill('SIGKILL');
    await Promise.all(sentinels.map(({ child }) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())))));
    await Promise.all(nodes.map((node) => node.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const primary = await startRedis({ password });
    nodes.push(primary);
    nodes.push(await startRedis({ password, args: ['--replicaof', '127.0.0.1', String(primary.port)] }));
    await waitFor(async () => /master_link_status:up/.test(await nodes[1].client().info('replication')), 20_000, 100, 'the replica in sync');
    for (let i = 0; i < 3; i += 1) {
      const port = await freePort();
      const file = join(dir, `sentinel-${port}.conf`);
      // Sentinel rewrites its file as it learns the topology: each one has its own.
      writeFileSync(file, [
        `port ${port}`, 'bind 127.0.0.1', `dir ${dir}`, `requirepass ${sentinelPassword}`, `sentinel sentinel-pass ${sentinelPassword}`,
        `sentinel monitor ${MASTER} 127.0.0.1 ${primary.port} 2`, `sentinel auth-pass ${MASTER} ${password}`,
        `sentinel down-after-milliseconds ${MASTER} ${DOWN_AFTER_MS}`, `sentinel failover-timeout ${MASTER} ${FAILOVER_TIMEOUT_MS}`,
        `sentinel parallel-syncs ${MASTER} 1`, '',
      ].join('\n'));
      const child = spawn('redis-server', [file, '--sentinel'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let log = '';
      const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-3000));
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      sentinels.push({ port, child, log: () => log });
    }
    // Each sentinel knows the replica and the two other sentinels before a test kills anything.
    for (const { port, log } of sentinels) {
      await waitFor(async () => {
        const [replicas, peers] = (await Promise.all([ask(port, 'SENTINEL', 'REPLICAS', MASTER), ask(port, 'SENTINEL', 'SENTINELS', MASTER)])) as unknown[][];
        return replicas.length === 1 && peers.length === 2;
      }, 30_000, 100, `sentinel ${port} to see the replica and its peers (log: ${log()})`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    masterName: MASTER,
    env: {
      REDIS_SENTINELS: sentinels.map(({ port }) => `127.0.0.1:${port}`).join(','),
      REDIS_SENTINEL_MASTER: MASTER,
      REDIS_SENTINEL_PASSWORD: sentinelPassword,
      REDIS_PASSWORD: password,
    },
    async primary() {
      const [, port] = (await ask(sentinels[0].port, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER)) as [string, string];
      const node = nodes.find((each) => each.port === Number(port));
      if (!node) throw new Error(`the sentinels name an unknown primary on port ${port}`);
      return node;
    },
    logs: () => sentinels.map(({ port, log }) => `--- sentinel ${port}\n${log()}`).join('\n'),
    stop,
  };
}
