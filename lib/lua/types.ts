/** A Lua script defined on every connection: its file under lib/ and how many of its arguments are keys. */
export interface ScriptSpec {
  file: string;
  keys: number;
}

export type ScriptTable = Record<string, ScriptSpec>;

/** One folder's scripts, each file named within `lib/<folder>/`, so an index says its folder once. */
export function scriptsIn<T extends ScriptTable>(folder: string, scripts: T): T {
  return Object.fromEntries(Object.entries(scripts).map(([name, spec]) => [name, { ...spec, file: `${folder}/${spec.file}` }])) as T;
}
