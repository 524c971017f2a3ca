import { spawn, type ChildProcess } from 'node:child_process';

/** Starts a .ts entry with tsx in a child process; resolves once it prints `readyLine` (if given). */
export async function startTsProcess(entry: string, env: Record<string, string>, readyLine?: string): Promise<ChildProcess & { output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  if (readyLine) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${entry} not ready after 60 s:\n${output}`)), 60_000);
      const check = () => {
        if (output.includes(readyLine)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}:\n${output}`)));
    });
  }
  return Object.assign(child, { output: () => output });
}

export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}
