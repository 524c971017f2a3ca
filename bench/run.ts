import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDaemons } from '../scripts/build-daemons.mjs';

/** `npm run bench -- <name> [args]`: runs bench/<name>.ts (dispatch, worker, alerts, ui, rss, ping, capacity, partitions), or all of them. */
const names = ['dispatch', 'worker', 'alerts', 'ui', 'rss', 'ping', 'capacity', 'partitions'];
const [which, ...args] = process.argv.slice(2);
const selected = which ? [which] : names;
const unknown = selected.find((name) => !names.includes(name));
if (unknown) {
  console.error(`Unknown benchmark "${unknown}". Choose one of: ${names.join(', ')}`);
  process.exit(2);
}

// The full output also goes to bench/reports/ (git-ignored); docs/performance.md keeps the summaries.
const reports = fileURLToPath(new URL('./reports/', import.meta.url));
mkdirSync(reports, { recursive: true });
const reportPath = join(reports, `${selected.join('-')}-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
writeFileSync(reportPath, '');
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    appendFileSync(reportPath, chunk); // synchronous: a bench that exits early loses nothing
    return write(chunk, ...rest);
  }) as typeof stream.write;
}

// Workers started from TypeScript run their check threads from dist/: build it fresh first.
await buildDaemons();
console.log(`# npm run bench -- ${process.argv.slice(2).join(' ')}\n\nStarted ${new Date().toISOString()}`);
for (const name of selected) {
  const bench = (await import(`./${name}.ts`)) as { default: (args: string[]) => Promise<void> };
  await bench.default(args);
}
console.log(`\nFull output: ${reportPath}`);
process.exit(0);
