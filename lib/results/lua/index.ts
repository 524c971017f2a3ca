import type { ScriptTable } from '../../lua/types';

/** The results scripts, defined on every connection (lib/lua/define.ts). */
export const resultsScripts = {} satisfies ScriptTable;
