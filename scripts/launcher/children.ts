import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A process or a thread the launcher started and stops. */
export interface Child {
  name: string;
  exited: Promise<Exit>;
  /** Asks it to stop cleanly (SIGTERM). */
  stop(): void;
  /** Stops it now, and everything it started. */
  kill(): void;
}

/** Output lines are prefixed with the child's name. */
function prefixLines(name: string, stdout: Readable | null, stderr: Readable | null): void {
  const prefix = `${name.padEnd(10)} | `;
  for (const [stream, out] of [[stdout, process.stdout], [stderr, process.stderr]] as const) {
    if (stream) createInterface({ input: stream }).on('line', (line) => out.write(`${prefix}${line}\n`));
  }
}

/**
 * Starts a process in its own process group (detached), so the launcher alone receives Ctrl-C and can
 * stop it — and everything it started, like next's own workers — by signalling the group.
 */
export function startProcess(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Child & { pid?: number } {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  prefixLines(name, child.stdout, child.stderr);
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: 127, signal: null }));
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  return { name, pid: child.pid, exited, stop: () => signalGroup('SIGTERM'), kill: () => signalGroup('SIGKILL') };
}

/** A daemon thread; `thread` is what the launcher's metrics endpoint asks for its metrics. */
export type ThreadChild = Child & { thread: Worker };

/**
 * Runs a built daemon (dist/<name>.js) as a thread of this process: it shares the launcher's Node
 * runtime instead of starting another, yet keeps its own heap and event loop, and a crash ends only
 * the thread (its error is printed, and `exited` says how it ended). With `metricsToLauncher`, its
 * metrics go to the launcher's endpoint instead of a port of its own (lib/metrics/serve.ts).
 */
export function startThread(name: string, entry: string, options: { root: string; env: NodeJS.ProcessEnv; metricsToLauncher?: boolean }): ThreadChild {
  const worker = new Worker(join(options.root, 'scripts', 'launcher', 'daemon-thread.mjs'), {
    workerData: { entry, metricsToLauncher: options.metricsToLauncher === true }, env: { ...options.env }, stdout: true, stderr: true,
  });
  prefixLines(name, worker.stdout, worker.stderr);
  worker.once('error', (error) => process.stderr.write(`${name.padEnd(10)} | crashed: ${error.stack ?? error.message}\n`));
  const exited = new Promise<Exit>((resolve) => worker.once('exit', (code) => resolve({ code, signal: null })));
  return { name, thread: worker, exited, stop: () => worker.postMessage('stop'), kill: () => void worker.terminate() };
}

/** Asks each to stop, stops any still running after graceMs at once; resolves when all have ended. */
export async function stopChildren(children: Child[], graceMs: number): Promise<void> {
  for (const child of children) child.stop();
  const timer = setTimeout(() => children.forEach((child) => child.kill()), graceMs);
  await Promise.all(children.map((child) => child.exited));
  clearTimeout(timer);
  // A child's own children (next's workers) may outlive it: make sure its group is empty.
  for (const child of children) child.kill();
}
