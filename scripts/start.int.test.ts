import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config';
import { createContext } from '../lib/context';
import { liveProcesses } from '../lib/heartbeat';
import { freePort, waitFor } from '../test/support/ports';

// `npm start` in a temporary copy of the repository, without REDIS_URL or a secret key: it runs its
// own redis-server, builds the UI (no .next yet), starts the UI, the controller and the worker; Ctrl-C
// (SIGINT to npm's process group, as a terminal sends it) leaves no process behind; a second start
// finds the monitor saved during the first, and when the UI process dies, it stops the rest.
const ROOT = fileURLToPath(new URL('..', import.meta.url));
let dir: string;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'imalert-launch-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    const from = join(ROOT, file);
    if (!existsSync(from) || !statSync(from).isFile()) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(from, join(dir, file));
  }
  // Hard links: fast, and unlike a symlink, next build (Turbopack) accepts them as the project's own.
  // Across file systems hard links fail: then a real copy.
  try {
    execFileSync('cp', ['-al', join(ROOT, 'node_modules'), join(dir, 'node_modules')], { stdio: 'ignore' });
  } catch {
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
    execFileSync('cp', ['-a', join(ROOT, 'node_modules'), join(dir, 'node_modules')]);
  }
  port = await freePort();
});

const launches: Launch[] = [];

afterAll(() => {
  // A failed test must not leave a launch running: kill every group it made, then its files.
  for (const run of launches) {
    if (run.npm.exitCode !== null || run.npm.signalCode !== null) continue;
    for (const pgid of new Set([run.npm.pid!, ...descendants(run.npm.pid!).map((p) => p.pgid)])) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Launch {
  npm: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function launch(): Launch {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), NEXT_TELEMETRY_DISABLED: '1', HEARTBEAT_MS: '1000', WORKER_HEARTBEAT_MS: '1000' };
  for (const name of ['REDIS_URL', 'IMALERT_SECRET_KEY', 'IMALERT_ADMIN_PASSWORD', 'IMALERT_KEY_PREFIX', 'NODE_ENV', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID']) delete env[name];
  // A process group of its own, like a terminal's foreground job.
  const npm = spawn('npm', ['start'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  npm.stdout?.on('data', (d) => (out += d));
  npm.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => npm.once('exit', (code, signal) => resolve({ code, signal })));
  const run = { npm, output: () => out, exited };
  launches.push(run);
  return run;
}

/** Every process descended from pid (from /proc), with its process group. */
function descendants(pid: number): Array<{ pid: number; pgid: number }> {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [{ pid: Number(d), state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]) }];
    } catch {
      return [];
    }
  });
  const found: Array<{ pid: number; pgid: number }> = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift()!;
    for (const p of all) {
      if (p.ppid !== parent || p.state === 'Z') continue;
      found.push({ pid: p.pid, pgid: p.pgid });
      queue.push(p.pid);
    }
  }
  return found;
}

function alive(pids: number[]): number[] {
  return pids.filter((pid) => {
    try {
      return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
    } catch {
      return false;
    }
  });
}

function inGroups(pgids: Set<number>): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return fields[0] !== 'Z' && pgids.has(Number(fields[2]));
    } catch {
      return false;
    }
  });
}

async function contextOfLaunch() {
  const redisPort = readFileSync(join(dir, '.data', 'redis', 'port'), 'utf8').trim();
  const key = readFileSync(join(dir, '.data', 'secret.key'), 'utf8').trim();
  const password = readFileSync(join(dir, '.data', 'redis.password'), 'utf8').trim();
  return createContext('daemon', loadConfig({ REDIS_URL: `redis://:${password}@127.0.0.1:${redisPort}`, IMALERT_SECRET_KEY: key } as unknown as NodeJS.ProcessEnv));
}

/** The first reply of a Redis command sent over a plain connection without any password. */
function replyWithoutPassword(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.setEncoding('utf8');
    socket.once('data', (reply: string) => socket.end(() => resolve(reply)));
    socket.on('error', reject);
  });
}

async function stopWithCtrlC(run: Launch): Promise<void> {
  const tree = descendants(run.npm.pid!);
  // The launcher (the controller and the worker are its threads), the UI and redis-server.
  expect(tree.length).toBeGreaterThanOrEqual(3);
  process.kill(-run.npm.pid!, 'SIGINT');
  // npm itself dies of the SIGINT, as in a terminal; the launcher finishes stopping its children.
  const { code, signal } = await run.exited;
  expect(code === 0 || signal === 'SIGINT').toBe(true);
  await waitFor(() => alive(tree.map((p) => p.pid)).length === 0, 45_000, 100, 'all processes gone').catch(() => undefined);
  expect(run.output()).toContain('imalert: stopped.');
  expect(alive(tree.map((p) => p.pid))).toEqual([]);
  expect(inGroups(new Set(tree.map((p) => p.pgid)))).toEqual([]);
}

describe('npm start', () => {
  it('builds on first start, runs everything, stops everything on Ctrl-C, and keeps data across starts', async () => {
    const first = launch();
    await waitFor(() => first.output().includes(`imalert is running: open http://localhost:${port}`), 280_000, 250, `the running message; output so far:\n${first.output()}`);
    const out = first.output();
    expect(out).toContain('building the UI');
    expect(out).toMatch(/Redis: its own redis-server on 127\.0\.0\.1:\d+/);
    expect(out).toMatch(/log in as admin with the password \S+/);
    expect(statSync(join(dir, '.data', 'secret.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, '.data', 'redis.password')).mode & 0o777).toBe(0o600);
    expect(out).not.toContain(readFileSync(join(dir, '.data', 'redis.password'), 'utf8').trim());
    expect(await replyWithoutPassword(Number(readFileSync(join(dir, '.data', 'redis', 'port'), 'utf8')))).toMatch(/^-NOAUTH/);
    expect(existsSync(join(dir, '.data', 'redis', 'appendonlydir'))).toBe(true);

    const response = await fetch(`http://127.0.0.1:${port}/`, { redirect: 'manual' });
    expect([200, 307, 308]).toContain(response.status);
    const ctx = await contextOfLaunch();
    await waitFor(async () => (await liveProcesses(ctx.redis, ctx.keys, 'controller')).length === 1, 20_000, 200, 'controller heartbeat');
    await waitFor(async () => (await liveProcesses(ctx.redis, ctx.keys, 'worker')).length === 1, 30_000, 200, 'worker heartbeat');
    const monitor = await ctx.monitors.create({ kind: 'remind', name: 'saved before a restart', cron: '0 9 * * 1', timeZone: 'Europe/Berlin', message: 'standup' });
    ctx.redis.disconnect();

    await stopWithCtrlC(first);

    const second = launch();
    await waitFor(() => second.output().includes('imalert is running'), 120_000, 250, `the second start; output:\n${second.output()}`);
    expect(second.output()).not.toContain('building the UI');
    expect(second.output()).not.toContain('admin password');
    const again = await contextOfLaunch();
    expect((await again.monitors.get(monitor.id))?.name).toBe('saved before a restart');

    // The controller and the worker run in the launcher's process, as plain node: no tsx loader.
    const [controller] = await waitFor(async () => {
      const live = await liveProcesses(again.redis, again.keys, 'controller');
      return live.length ? live : undefined;
    }, 20_000, 200, 'controller heartbeat');
    const [worker] = await waitFor(async () => {
      const live = await liveProcesses(again.redis, again.keys, 'worker');
      return live.length ? live : undefined;
    }, 30_000, 200, 'worker heartbeat');
    again.redis.disconnect();
    const tree = descendants(second.npm.pid!);
    const launcher = tree.find((p) => readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0').join(' ').trim() === 'node dist/start.js');
    expect(launcher?.pid).toBeDefined();
    expect([controller.pid, worker.pid]).toEqual([launcher!.pid, launcher!.pid]);
    expect(tree.map((p) => readFileSync(`/proc/${p.pid}/cmdline`, 'utf8')).join('\n')).not.toContain('tsx');

    // A child that dies stops the rest, with a message saying which one.
    const ui = tree.find((p) => readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').includes('ui-server.mjs'));
    process.kill(ui!.pid, 'SIGKILL');
    expect((await second.exited).code).toBe(1);
    await waitFor(() => alive(tree.map((p) => p.pid)).length === 0, 45_000, 100, 'all processes gone').catch(() => undefined);
    expect(alive(tree.map((p) => p.pid))).toEqual([]);
    expect(second.output()).toContain('imalert: ui exited unexpectedly (signal SIGKILL); stopping everything.');
    expect(second.output()).toMatch(/worker +\| .*"worker stopped"/);
  }, 420_000);
});
