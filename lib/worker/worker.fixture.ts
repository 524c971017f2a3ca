import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { loadConfig } from '../config';
import { createContext, type AppContext } from '../context';
import { liveProcesses } from '../heartbeat';
import { ensureJobsGroup } from '../queue/group';
import { JOBS_PER_ENTRY, parseJobEntries } from '../queue/job';
import { JOBS_GROUP } from '../store/keys';
import type { TestRedis } from '../../test/support/redis-server';
import { waitFor } from '../../test/support/ports';
import { spawnDaemon as spawnTsDaemon, type Daemon } from '../../test/support/daemons';

/** Helpers of the worker's integration tests: real worker processes, real targets on loopback. */
export const TEST_SECRET_KEY = 'w'.repeat(43) + '=';
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type { Daemon };

/** A daemon of the worker tests: warnings and errors only in its output. */
export function spawnDaemon(name: 'worker' | 'controller', env: Record<string, string>): Daemon {
  return spawnTsDaemon(name, { LOG_LEVEL: 'warn', ...env });
}

/** Env and a context for one test: its own key prefix on the test's redis-server. */
export async function testSetup(redis: TestRedis, prefix: string, extra: Record<string, string> = {}) {
  const env: Record<string, string> = {
    REDIS_URL: redis.url, IMALERT_KEY_PREFIX: prefix, IMALERT_SECRET_KEY: TEST_SECRET_KEY, IMALERT_MIN_INTERVAL_SECONDS: '1',
    WORKER_HEARTBEAT_MS: '300', HEARTBEAT_MS: '300', CHECK_MAX_TIMEOUT_MS: '5000', WORKER_SHUTDOWN_GRACE_MS: '10000', NODE_ENV: 'test', ...extra,
  };
  const ctx = createContext('daemon', loadConfig(env as NodeJS.ProcessEnv), redis.client());
  ctx.redis.on('error', () => undefined); // a test may kill Redis under it on purpose
  await ensureJobsGroup(ctx.redis, ctx.keys);
  return { env, ctx };
}

export async function startWorkers(ctx: AppContext, env: Record<string, string>, names: string[]): Promise<Daemon[]> {
  const workers = names.map((name) => spawnDaemon('worker', { ...env, WORKER_CONSUMER_NAME: name }));
  await waitFor(async () => {
    const live = new Set((await liveProcesses(ctx.redis, ctx.keys, 'worker')).map((p) => p.name));
    return names.every((n) => live.has(n));
  }, 90_000, 100, 'worker heartbeats'); // a loaded machine starts processes slowly
  return workers;
}

/**
 * Adds one job per monitor and returns the fire time they carry: manual jobs, one an entry, as run-now
 * adds them; or, `packed`, scheduled jobs packed JOBS_PER_ENTRY an entry, as the controller adds them.
 */
export async function addJobs(ctx: AppContext, monitorIds: string[], fireTime = Date.now(), options: { packed?: boolean } = {}): Promise<number> {
  const pipeline = ctx.redis.pipeline();
  if (options.packed) {
    for (let i = 0; i < monitorIds.length; i += JOBS_PER_ENTRY) {
      pipeline.xadd(ctx.keys.jobs, '*', ...monitorIds.slice(i, i + JOBS_PER_ENTRY).flatMap((id) => ['j', `${id} ${fireTime}`]));
    }
  } else {
    for (const id of monitorIds) pipeline.xadd(ctx.keys.jobs, '*', 'monitorId', id, 'fireTime', String(fireTime), 'dispatchId', `t-${id}-${fireTime}`, 'trigger', 'manual');
  }
  await pipeline.exec();
  return fireTime;
}

/** Pending stream entries (a packed one holds several jobs). */
export async function pendingCount(ctx: AppContext, consumer?: string): Promise<number> {
  if (consumer) return ((await ctx.redis.xpending(ctx.keys.jobs, JOBS_GROUP, '-', '+', 100_000, consumer)) as unknown[]).length;
  return Number(((await ctx.redis.xpending(ctx.keys.jobs, JOBS_GROUP)) as [number])[0]);
}

/** Jobs in a consumer's pending entries. */
export async function pendingJobs(ctx: AppContext, consumer: string): Promise<number> {
  const rows = (await ctx.redis.xpending(ctx.keys.jobs, JOBS_GROUP, '-', '+', 100_000, consumer)) as Array<[string]>;
  const entries = await Promise.all(rows.map(([id]) => ctx.redis.xrange(ctx.keys.jobs, id, id)));
  return entries.flat().reduce((sum, entry) => sum + (parseJobEntries(entry)?.length ?? 0), 0);
}

/** Jobs a running controller has dispatched so far, as its heartbeat tells (a stream entry holds several). */
export async function dispatchedSoFar(ctx: AppContext): Promise<number> {
  const [controller] = await liveProcesses(ctx.redis, ctx.keys, 'controller');
  return Number(controller?.dispatched ?? 0);
}

/** Jobs a stopped controller dispatched in all, from its last log line (LOG_LEVEL=info). */
export function dispatchedInAll(controller: Daemon): number {
  const counts = [...controller.output().matchAll(/"totalDispatched":(\d+)/g)];
  if (!counts.length) throw new Error('the controller logged no dispatch totals');
  return Number(counts[counts.length - 1][1]);
}

/** Stream entries added so far and entries not yet read by the group. */
export async function streamProgress(ctx: AppContext): Promise<{ added: number; lag: number }> {
  const info = (await ctx.redis.xinfo('STREAM', ctx.keys.jobs)) as unknown[];
  const map: Record<string, unknown> = {};
  for (let i = 0; i + 1 < info.length; i += 2) map[String(info[i])] = info[i + 1];
  const groups = (await ctx.redis.xinfo('GROUPS', ctx.keys.jobs)) as unknown[][];
  const group = groups.map((row) => Object.fromEntries(Array.from({ length: row.length / 2 }, (_, i) => [String(row[2 * i]), row[2 * i + 1]])))
    .find((g) => g.name === JOBS_GROUP);
  return { added: Number(map['entries-added']), lag: Number(group?.lag ?? 0) };
}

export interface RunRecord {
  t: number;
  ok?: boolean;
  skip?: string;
  /** Skipped jobs only (a run is told apart by its fire time). */
  id?: string;
  trigger: string;
}

/** A monitor's raw runs as stored, oldest first (a run without a trigger was scheduled). */
export async function runsOf(ctx: AppContext, monitorId: string): Promise<RunRecord[]> {
  return (await ctx.redis.zrange(ctx.keys.runs(monitorId), 0, -1)).map((json) => ({ trigger: 'schedule', ...(JSON.parse(json) as Omit<RunRecord, 'trigger'>) }));
}

/** A TCP server that counts connections (one per TCP check run). */
export async function tcpCounter(): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections += 1;
    socket.on('error', () => undefined);
    socket.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { port, connections: () => connections, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** An HTTP server answering "ok" after `delayMs`, counting requests and overlapping requests per path. */
export async function slowHttp(delayMs: number) {
  const requests = new Map<string, number>();
  const active = new Map<string, number>();
  const maxActive = new Map<string, number>();
  const server = createHttpServer((req, res) => {
    const path = req.url ?? '/';
    requests.set(path, (requests.get(path) ?? 0) + 1);
    active.set(path, (active.get(path) ?? 0) + 1);
    maxActive.set(path, Math.max(maxActive.get(path) ?? 0, active.get(path) ?? 0));
    const done = () => active.set(path, (active.get(path) ?? 1) - 1);
    res.on('close', done);
    setTimeout(() => res.end('ok'), delayMs);
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    requests,
    maxActive,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
