// Builds the launcher, the daemons and the check thread code into dist/ as plain JavaScript, so they run
// with `node` alone. `npm run build`, `npm start` and the integration tests (vitest globalSetup) run it.
// Usage: node scripts/build-daemons.mjs
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** dist/<name>.js from each source. run-batch.js is what tinypool threads load (lib/worker/thread-code.ts). */
export const DAEMON_ENTRIES = {
  start: 'scripts/start.ts',
  controller: 'daemons/controller.ts',
  worker: 'daemons/worker.ts',
  'run-batch': 'lib/worker/run-batch.ts',
  'reset-password': 'scripts/reset-password.ts',
  imalert: 'cli/imalert.ts',
};

/** Builds dist/; a file whose content did not change is left as it is. */
export async function buildDaemons(root = ROOT) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(DAEMON_ENTRIES).map(([name, source]) => [name, join(root, source)])),
    outdir: join(root, 'dist'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages load from node_modules at run time, as they do under tsx: one copy, no bundling surprises.
    packages: 'external',
    logLevel: 'warning',
    write: false,
  });
  for (const file of result.outputFiles) {
    if (existsSync(file.path) && readFileSync(file.path).equals(file.contents)) continue;
    // Renamed into place: a daemon running from dist/ starts its threads from whole files only.
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
}

/** vitest globalSetup: worker processes of the integration tests run the thread code from dist/. */
export async function setup() {
  await buildDaemons();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildDaemons().catch((error) => {
    console.error(`building the daemons failed: ${error.message}`);
    process.exit(1);
  });
}
