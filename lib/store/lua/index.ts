import type { ScriptTable } from '../../lua/types';

/** The store scripts, defined on every connection (lib/lua/define.ts). */
export const storeScripts = {} satisfies ScriptTable;
