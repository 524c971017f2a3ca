#!/usr/bin/env node
// The `imalert` command (package.json "bin"): builds dist/ on first use, then runs the CLI.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/imalert.js', import.meta.url));
if (!existsSync(cli)) {
  const { buildDaemons } = await import('../scripts/build-daemons.mjs');
  await buildDaemons();
}
await import(cli);
