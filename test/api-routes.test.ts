import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../lib/rest/openapi';

const API_DIR = join(process.cwd(), 'app', 'api');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Every route handler under app/api, as "get /api/monitors/{id}", read from the files themselves. */
function routeHandlers(dir = API_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return routeHandlers(full);
    if (entry.name !== 'route.ts') return [];
    const folder = relative(API_DIR, dir).split(sep).filter(Boolean);
    // The catch-all only answers "no such endpoint".
    if (folder.some((part) => part.startsWith('[...'))) return [];
    const path = `/api/${folder.map((part) => part.replace(/^\[(\w+)\]$/, '{$1}')).join('/')}`.replace(/\/$/, '');
    const source = readFileSync(full, 'utf8');
    return METHODS.filter((m) => new RegExp(`export (const ${m}\\b|(async )?function ${m}\\b)`).test(source)).map((m) => `${m.toLowerCase()} ${path}`);
  });
}

describe('the OpenAPI document', () => {
  const document = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
  const documented = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));

  it('describes every route handler, and nothing that is not one', () => {
    const handlers = routeHandlers();
    expect(handlers.length).toBeGreaterThan(10);
    expect(handlers.filter((h) => !documented.includes(h)), 'routes missing from lib/rest/operations.ts').toEqual([]);
    expect(documented.filter((d) => !handlers.includes(d)), 'documented routes without a handler').toEqual([]);
  });

  it('resolves every $ref to a schema it holds', () => {
    const json = JSON.stringify(document);
    const refs = [...json.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(([, name]) => name);
    const schemas = (document as unknown as { components: { schemas: Record<string, unknown> } }).components.schemas;
    expect(refs.length).toBeGreaterThan(20);
    expect([...new Set(refs)].filter((name) => !(name in schemas))).toEqual([]);
  });
});
