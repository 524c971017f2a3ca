import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Reads a Lua script from `lib/<path>` and expands its `-- include: a, b` header lines with the
 * shared pieces in `lib/lua/include/<name>.lua`, so a piece such as Redis TIME → ms is written once.
 */
export function loadLua(pathInLib: string): string {
  const text = readFileSync(join(libDir(), pathInLib), 'utf8');
  return text.replace(/^-- include: (.+)$/gm, (_line, names: string) =>
    names.split(',').map((name) => readFileSync(join(libDir(), 'lua', 'include', `${name.trim()}.lua`), 'utf8').trimEnd()).join('\n'));
}

let found: string | undefined;

/** The project's lib/ folder, found from this module (tsx, dist/) or the working directory (the Next server). */
function libDir(): string {
  if (found) return found;
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'lib', 'lua', 'include'))) return (found = join(dir, 'lib'));
      if (dirname(dir) === dir) break;
    }
  }
  throw new Error(`imalert's Lua scripts were not found above ${starts.join(' or ')}`);
}
