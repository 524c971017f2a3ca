/** A Lua script defined on every connection: its file under lib/ and how many of its arguments are keys. */
export interface ScriptSpec {
  file: string;
  keys: number;
}

export type ScriptTable = Record<string, ScriptSpec>;
