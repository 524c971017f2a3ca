import type { Cluster, Redis } from 'ioredis';
import { alertsScripts } from '../alerts/lua';
import { dashboardScripts } from '../dashboard/lua';
import { pingsScripts } from '../pings/lua';
import { maintenanceScripts } from '../maintenance/lua';
import { queueScripts } from '../queue/lua';
import { resultsScripts } from '../results/lua';
import { storeScripts } from '../store/lua';
import { tokensScripts } from '../tokens/lua';
import { usersScripts } from '../users/lua';
import { coreScripts } from './core';
import { loadLua } from './load';
import type { ScriptTable } from './types';

/** Every folder's scripts: what each connection defines, and what the script test checks. */
export const scriptTables: ScriptTable[] = [alertsScripts, dashboardScripts, maintenanceScripts, pingsScripts, queueScripts, resultsScripts, storeScripts, usersScripts, tokensScripts, coreScripts];

let sources: { name: string; keys: number; lua: string }[] | undefined;

/** Every script, read once per process; a name used twice is a programming error. */
function allScripts(): { name: string; keys: number; lua: string }[] {
  if (sources) return sources;
  const seen = new Set<string>();
  sources = scriptTables.flatMap((table) => Object.entries(table)).map(([name, spec]) => {
    if (seen.has(name)) throw new Error(`Lua script ${name} is declared twice`);
    seen.add(name);
    return { name, keys: spec.keys, lua: loadLua(spec.file) };
  });
  return sources;
}

/**
 * Defines every script on a new connection before its first command: ioredis then sends EVALSHA and
 * falls back to EVAL after a Redis restart, also inside pipelines and with auto-pipelining.
 */
export function defineScripts<T extends Redis | Cluster>(client: T): T {
  for (const { name, keys, lua } of allScripts()) client.defineCommand(name, { numberOfKeys: keys, lua });
  return client;
}
