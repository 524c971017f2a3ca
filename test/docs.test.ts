import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../lib/config';

// The documents a new user reads must match what the code does: every variable that loadConfig
// reads is in .env.example (and nothing else is) and in the README's table, every npm script is in
// the README's commands, and the README stays a user's guide with the measurements in docs/.
const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => readFileSync(`${root}/${file}`, 'utf8');

describe('.env.example', () => {
  it('documents exactly the variables lib/config.ts reads, each under a comment', () => {
    const lines = read('.env.example').split('\n');
    const variable = (line = '') => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1];
    // A comment may describe a group of variables on the lines right below it.
    const commented = (i: number): boolean => i > 0 && (lines[i - 1].startsWith('#') || (variable(lines[i - 1]) !== undefined && commented(i - 1)));
    const documented = lines.flatMap((line, i) => {
      const name = variable(line);
      return name ? [{ name, commented: commented(i) }] : [];
    });
    expect(documented.map((d) => d.name).sort()).toEqual([...CONFIG_VARIABLES].sort());
    expect(documented.filter((d) => !d.commented).map((d) => d.name)).toEqual([]);
  });
});

describe('README', () => {
  it("lists every script of package.json in its commands table", () => {
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
    const readme = read('README.md');
    const table = readme.slice(readme.indexOf('## Commands'), readme.indexOf('\n## ', readme.indexOf('## Commands') + 1));
    const missing = scripts.filter((name) => !table.includes(`\`npm ${name}`) && !table.includes(`\`npm run ${name}\``) && !table.includes(`\`npm run ${name} `));
    expect(missing).toEqual([]);
  });

  it('documents every setting in its configuration table', () => {
    const readme = read('README.md');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
    expect(CONFIG_VARIABLES.filter((name) => !table.includes(`\`${name}\``))).toEqual([]);
  });

  it('reads top-down for a user, under 400 lines, and links the docs it leaves out', () => {
    const readme = read('README.md');
    expect(readme.split('\n').length).toBeLessThan(400);
    const order = ['## Start', '## Your first monitor', '## Configuration', '## REST API', '## Deployment', '## Backup and upgrade', '## Troubleshooting', '## Performance'];
    const positions = order.map((heading) => readme.indexOf(`\n${heading}`));
    expect(order.filter((_, i) => positions[i] < 0)).toEqual([]);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const link of [...readme.matchAll(/\]\(((?:docs\/)?[\w./-]+\.(?:md|example))\)/g)].map((m) => m[1])) {
      expect(existsSync(`${root}/${link}`), link).toBe(true);
    }
    expect(readme).toContain('(docs/architecture.md)');
    expect(readme).toContain('(docs/performance.md)');
  });
});

describe('docs/performance.md', () => {
  it('has a section with a table for every bench', () => {
    const doc = read('docs/performance.md');
    for (const bench of ['dispatch', 'worker', 'alerts', 'ui', 'capacity']) {
      const at = doc.indexOf(`\`npm run bench -- ${bench}\`)`);
      expect(at, bench).toBeGreaterThan(0);
      const section = doc.slice(at, doc.indexOf('\n## ', at));
      expect(section, bench).toMatch(/^\|.*\|$/m);
    }
  });

  it('docs/scaling.md has the two-partition prototype with its figures', () => {
    const doc = read('docs/scaling.md');
    const at = doc.indexOf('`npm run bench -- partitions`)');
    expect(at).toBeGreaterThan(0);
    expect(doc.slice(at)).toMatch(/^\|.*\|$/m);
  });
});
