import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Daemon {
  pid: number;
  output: () => string;
  /** The exit code, once it exits. */
  exited: Promise<number | null>;
  /** Not exited (nor killed) yet. */
  running(): boolean;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash), then wait for the exit. */
  kill(): Promise<void>;
}

/** `node --import tsx daemons/<name>.ts` as one process (no npx wrapper), so signals reach the daemon itself. */
export function spawnDaemon(name: 'worker' | 'controller', env: Record<string, string>, nodeFlags: string[] = []): Daemon {
  return spawnNode([...nodeFlags, '--import', 'tsx', `daemons/${name}.ts`], env);
}

/** `node dist/<name>.js`, as `npm run <name>` and the systemd units run it (vitest's globalSetup builds dist/). */
export function spawnBuiltDaemon(name: 'worker' | 'controller', env: Record<string, string>, nodeFlags: string[] = []): Daemon {
  return spawnNode([...nodeFlags, `dist/${name}.js`], env);
}

function spawnNode(args: string[], env: Record<string, string>): Daemon {
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    pid: child.pid ?? -1,
    output: () => out,
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
