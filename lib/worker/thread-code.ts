import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The script tinypool threads load, and the flags they start with (the process's own, less those threads refuse). */
export interface ThreadCode {
  filename: string;
  execArgv: string[];
}

// Built daemons sit in dist/ beside it; run from TypeScript (tsx: tests, benches) this module is two folders below.
const THREAD_FILE = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../dist/run-batch.js' : './run-batch.js', import.meta.url));

/** The check thread code built by `npm run build` (scripts/build-daemons.mjs): plain JavaScript, no loader. */
export function threadCode(): ThreadCode {
  if (!existsSync(THREAD_FILE)) {
    throw new Error(`the check thread code ${THREAD_FILE} is missing: run \`npm run build\` (or \`node scripts/build-daemons.mjs\`)`);
  }
  return { filename: THREAD_FILE, execArgv: threadFlags(withoutTsx(process.execArgv)) };
}

/** The process's flags minus tsx's loader (`--import tsx`, its --require preflight…): plain JavaScript needs none of it. */
export function withoutTsx(execArgv: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i += 1) {
    const flag = execArgv[i];
    const [name, inline] = flag.split(/=(.*)/s);
    const takesValue = ['--import', '--require', '-r', '--loader', '--experimental-loader'].includes(name);
    if (!takesValue) {
      kept.push(flag);
      continue;
    }
    const value = inline ?? execArgv[i + 1];
    if (inline === undefined) i += 1;
    if (!/(^|[\\/])tsx([\\/]|$)/.test(value ?? '')) kept.push(flag, ...(inline === undefined && value !== undefined ? [value] : []));
  }
  return kept;
}

/**
 * The flags a thread can start with. Node refuses per-process flags in a thread's execArgv
 * (--max-old-space-size, --stack-size, --perf-basic-prof…) and no thread would start, so a worker run
 * as `node --max-old-space-size=4096 …` could run no check. Node names the flags it refuses when a
 * thread is made with them; those are left out (the threads get Node's defaults), and a probe thread
 * that starts is stopped at once. No flags, no probe.
 */
export function threadFlags(flags: string[]): string[] {
  let kept = flags;
  while (kept.length) {
    try {
      void new Worker('', { eval: true, execArgv: kept }).terminate();
      return kept;
    } catch (error) {
      if ((error as NodeJS.ErrnoException)?.code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
      // "Initiated Worker with invalid execArgv flags: --a=1, --b"
      const refused = new Set(String((error as Error).message).split('flags: ').slice(1).join('flags: ').split(', '));
      const next = kept.filter((flag) => !refused.has(flag));
      if (next.length === kept.length) return [];
      kept = next;
    }
  }
  return kept;
}
