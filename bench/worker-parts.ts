/** Helpers of bench/worker.ts: processes, their CPU and memory, seeded monitors, loopback targets. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { JOBS_GROUP, type KeyBuilder } from '../lib/store/keys';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SECRET_KEY = randomBytes(32).toString('base64');
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Proc {
  pid: number;
  output: () => string;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/** `node --import tsx <script>`: one process, so SIGKILL and /proc figures are the daemon's own. */
export function spawnScript(script: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid ?? -1,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** User + system CPU seconds of a process (all its threads). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

export async function waitUntil(probe: () => Promise<boolean> | boolean, timeoutMs: number, what: string, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

const base = { enabled: true, mutedUntil: null, failureThreshold: 1, successThreshold: 1, renotifyMinutes: 0, channelIds: [], createdAt: 1, updatedAt: 1, v: 2, timeZone: 'UTC' };

/** Writes monitors straight to Redis (a daily cron: they run only when a bench arms them). */
export async function seedMonitors(redis: Redis, keys: KeyBuilder, count: number, fields: (i: number) => Record<string, unknown>): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 5000) {
    const pipeline = redis.pipeline();
    for (let i = start; i < Math.min(count, start + 5000); i += 1) {
      const id = `b${i}`;
      ids.push(id);
      pipeline.set(keys.monitor(id), JSON.stringify({ ...base, id, name: `bench ${i}`, cron: '0 0 * * *', ...fields(i) }));
      // As the store creates them: a write number for the record (a worker re-reads it only when that
      // changes) and a pending state the result script updates.
      pipeline.hset(keys.monitorVersions, id, String(i + 1));
      pipeline.hset(keys.state(id), 'status', 'pending');
      pipeline.sadd(keys.indexByStatus('pending'), id);
    }
    await pipeline.exec();
  }
  return ids;
}

/** Makes every monitor due at `at`: the controller dispatches them all then (fire time = at). */
export async function armMonitors(redis: Redis, keys: KeyBuilder, ids: string[], at: number): Promise<void> {
  for (let start = 0; start < ids.length; start += 5000) {
    const pipeline = redis.pipeline();
    for (const id of ids.slice(start, start + 5000)) pipeline.zadd(keys.schedule, at, id);
    await pipeline.exec();
  }
}

export async function addManualJobs(redis: Redis, keys: KeyBuilder, ids: string[], fireTime: number): Promise<void> {
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.xadd(keys.jobs, '*', 'monitorId', id, 'fireTime', String(fireTime), 'dispatchId', `bench-${id}-${fireTime}`, 'trigger', 'manual');
  await pipeline.exec();
}

/**
 * Whether every monitor armed to fire at `at` has been dispatched (its score moved past it: a stream
 * entry holds up to JOBS_PER_ENTRY jobs, so entries do not count jobs), and every entry read and acked.
 */
export async function streamState(redis: Redis, keys: KeyBuilder, at: number): Promise<{ dispatched: boolean; settled: boolean }> {
  const left = await redis.zcount(keys.schedule, '-inf', at);
  const groups = (await redis.xinfo('GROUPS', keys.jobs)) as unknown[][];
  const group = groups.find((g) => g[g.indexOf('name') + 1] === JOBS_GROUP);
  const lag = group ? Number(group[group.indexOf('lag') + 1]) : 1;
  const pending = group ? Number(group[group.indexOf('pending') + 1]) : 1;
  return { dispatched: left === 0, settled: lag === 0 && pending === 0 };
}

/** A TCP port that accepts and closes, counting connections. */
export async function tcpTarget() {
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections += 1;
    socket.on('error', () => undefined);
    socket.destroy();
  });
  server.maxConnections = 100_000;
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  return {
    port: (server.address() as { port: number }).port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An HTTP target answering after `delayMs` (or never, with -1), noting when each path was asked for. */
export async function httpTarget(delayMs: number) {
  const seen = new Map<string, number[]>();
  let active = 0;
  const server = createHttpServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    seen.set(path, [...(seen.get(path) ?? []), Date.now()]);
    active += 1;
    res.on('close', () => (active -= 1));
    if (delayMs >= 0) setTimeout(() => res.end('ok'), delayMs);
  });
  server.maxConnections = 100_000;
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    active: () => active,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Redis's own CPU (user + sys, µs) and per-command µs so far: deltas give Redis's cost per job. */
export async function redisCost(redis: Redis): Promise<{ cpuUs: number; commands: Map<string, number>; calls: Map<string, number> }> {
  const info = await redis.info('all');
  const num = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  const commands = new Map<string, number>();
  const calls = new Map<string, number>();
  for (const [, name, count, usec] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    commands.set(name, Number(usec));
    calls.set(name, Number(count));
  }
  return { cpuUs: (num('used_cpu_user') + num('used_cpu_sys')) * 1e6, commands, calls };
}

/** "evalsha 40.1, xadd 6.2, …": the costliest commands per job between two snapshots (script
 *  commands count both in their script and on their own line). */
export function costPerJob(before: Awaited<ReturnType<typeof redisCost>>, after: Awaited<ReturnType<typeof redisCost>>, jobs: number): { cpuUs: number; top: string } {
  const deltas = [...after.commands].map(([name, usec]) => [name, (usec - (before.commands.get(name) ?? 0)) / jobs] as const);
  const perCall = (name: string) => (after.calls.get(name) ?? 0) - (before.calls.get(name) ?? 0);
  const top = deltas.filter(([, us]) => us >= 0.5).sort((a, b) => b[1] - a[1]).slice(0, 8)
    .map(([name, us]) => `${name} ${us.toFixed(1)}${perCall(name) < jobs / 2 ? ` (${(jobs / Math.max(1, perCall(name))).toFixed(0)} jobs/call)` : ''}`).join(', ');
  return { cpuUs: (after.cpuUs - before.cpuUs) / jobs, top };
}
