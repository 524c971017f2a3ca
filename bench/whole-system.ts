/**
 * The whole system as a user runs it: `npm start` (its own redis-server) in a temporary copy of a
 * checkout, a context on its Redis for the bench to seed through, and a stop that leaves nothing behind.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../lib/config';
import { createContext, type AppContext } from '../lib/context';
import { freePort, waitFor } from '../test/support/ports';
import { copyCheckout, killGroups, processTree, removeCopy } from './rss-processes';

export interface WholeSystem {
  dir: string;
  /** The process `npm start` is: the root of the tree whose CPU and memory the benches read. */
  pid: number;
  port: number;
  url: string;
  output(): string;
  /** A context on the system's own Redis (daemon role: monitors are written as the UI writes them). */
  context(): AppContext;
  stop(): Promise<void>;
}

function launch(dir: string, port: number, extraEnv: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'warn' };
  for (const name of ['REDIS_URL', 'IMALERT_SECRET_KEY', 'IMALERT_ADMIN_PASSWORD', 'IMALERT_KEY_PREFIX', 'NODE_ENV']) delete env[name];
  Object.assign(env, extraEnv);
  // Its own process group, like a terminal's foreground job: Ctrl-C goes to the whole group.
  const npm = spawn('npm', ['start'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  npm.stdout?.on('data', (d) => (out += d));
  npm.stderr?.on('data', (d) => (out += d));
  return { npm, output: () => out };
}

function contextOf(dir: string): AppContext {
  const redisPort = readFileSync(join(dir, '.data', 'redis', 'port'), 'utf8').trim();
  const password = readFileSync(join(dir, '.data', 'redis.password'), 'utf8').trim();
  const key = readFileSync(join(dir, '.data', 'secret.key'), 'utf8').trim();
  return createContext('daemon', loadConfig({ REDIS_URL: `redis://:${password}@127.0.0.1:${redisPort}`, IMALERT_SECRET_KEY: key } as unknown as NodeJS.ProcessEnv));
}

/** Starts `npm start` in a copy of `checkout` and waits until it says it is running. */
export async function startWholeSystem(checkout: string, extraEnv: Record<string, string> = {}): Promise<WholeSystem> {
  const dir = copyCheckout(checkout);
  const port = await freePort();
  const run = launch(dir, port, extraEnv);
  const seen = new Map<number, number>(); // pid → process group, of every process the run had
  const note = () => {
    for (const p of processTree(run.npm.pid!)) seen.set(p.pid, p.pgid);
  };
  const stop = async () => {
    note();
    killGroups([run.npm.pid!], 'SIGINT');
    // The launcher stops its children after npm has gone: wait for all of them, then make sure.
    await waitFor(() => [...seen.keys()].every((pid) => !processTree(pid).length), 60_000, 250, 'the system to stop').catch(() => undefined);
    killGroups(seen.values());
    removeCopy(dir);
  };
  try {
    // A first start without a UI build runs next build: that takes minutes on a small machine.
    await waitFor(() => run.npm.exitCode !== null || run.output().includes('imalert is running'), 900_000, 250, 'npm start');
    if (run.npm.exitCode !== null) throw new Error(`npm start ended (exit code ${run.npm.exitCode}); its output:\n${run.output()}`);
  } catch (error) {
    await stop();
    throw error;
  }
  note();
  const contexts: AppContext[] = [];
  return {
    dir,
    pid: run.npm.pid!,
    port,
    url: `http://127.0.0.1:${port}`,
    output: run.output,
    context() {
      const ctx = contextOf(dir);
      contexts.push(ctx);
      return ctx;
    },
    async stop() {
      for (const ctx of contexts) ctx.redis.disconnect();
      await stop();
    },
  };
}
