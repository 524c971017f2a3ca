import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts a child in its own process group (detached), so the launcher alone receives Ctrl-C and can
 * stop every child — and everything a child started, like next's own workers — by signalling the group.
 * Output lines are prefixed with the child's name.
 */
export function startChild(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Child {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `${name.padEnd(10)} | `;
  for (const [stream, out] of [[child.stdout, process.stdout], [child.stderr, process.stderr]] as const) {
    if (stream) createInterface({ input: stream }).on('line', (line) => out.write(`${prefix}${line}\n`));
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: 127, signal: null }));
  });
  return { name, process: child, exited };
}

/** Sends a signal to the child's whole process group; false when it is already gone. */
export function signalGroup(child: Child, signal: NodeJS.Signals): boolean {
  const pid = child.process.pid;
  if (!pid) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to each group, SIGKILL to any still alive after graceMs; resolves when all have exited. */
export async function stopChildren(children: Child[], graceMs: number): Promise<void> {
  for (const child of children) signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => children.forEach((child) => signalGroup(child, 'SIGKILL')), graceMs);
  await Promise.all(children.map((child) => child.exited));
  clearTimeout(timer);
  // A child's own children (next's workers) may outlive it: make sure the group is empty.
  for (const child of children) signalGroup(child, 'SIGKILL');
}
