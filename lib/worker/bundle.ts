import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../log';

/** The script tinypool threads load, and the flags they start with (undefined: the process's own). */
export interface ThreadEntry {
  filename: string;
  execArgv?: string[];
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
    return { filename: TSX_ENTRY, bundled: false };
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
    return { filename, execArgv: withoutTsx(process.execArgv), bundled: true };
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
