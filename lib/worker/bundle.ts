import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createLogger } from '../log';

/** The script tinypool threads load, and the flags they start with (the process's own, less those threads refuse). */
export interface ThreadEntry {
  filename: string;
  execArgv: string[];
  bundled: boolean;
}

const SOURCE = fileURLToPath(new URL('./run-batch.ts', import.meta.url));
const TSX_ENTRY = new URL('./pool-entry.mjs', import.meta.url).href;
// Inside node_modules, so the bundle's bare imports (ioredis, zod) resolve from the project's packages.
const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/imalert/', import.meta.url));

let entry: Promise<ThreadEntry> | undefined;

/**
 * The thread code as plain JavaScript: run-batch.ts and what it imports, bundled once per process with
 * esbuild. Threads loading tsx cost about 50 MB each, most of it the loader; a thread on the bundle
 * needs none of it. If bundling fails, threads fall back to the tsx entry (and a warning says so).
 */
export function threadEntry(): Promise<ThreadEntry> {
  entry ??= bundleThreadCode().catch((error: unknown) => {
    createLogger({ process: 'worker' }).warn('could not bundle the check thread code; threads load it through tsx (more memory per thread)', { error });
    return { filename: TSX_ENTRY, execArgv: threadFlags(process.execArgv), bundled: false };
  });
  return entry;
}

async function bundleThreadCode(): Promise<ThreadEntry> {
  const esbuild = await import('esbuild');
  try {
    const result = await esbuild.build({
      entryPoints: [SOURCE],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node}`,
      // Node's built-ins and every package (ioredis, zod…) are imported at run time from node_modules.
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0].contents;
    // Named by content: workers starting at once write the same file, and a changed source a new one.
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
    const filename = join(CACHE_DIR, `run-batch-${hash}.mjs`);
    if (!existsSync(filename)) {
      mkdirSync(CACHE_DIR, { recursive: true });
      const temporary = `${filename}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(temporary, code);
      renameSync(temporary, filename);
    }
    return { filename, execArgv: threadFlags(withoutTsx(process.execArgv)), bundled: true };
  } finally {
    // esbuild keeps a helper process around for later builds; there are none.
    await esbuild.stop();
  }
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
