import type { ScriptTable } from '../../lua/types';

/** The queue scripts, defined on every connection (lib/lua/define.ts). */
export const queueScripts = {} satisfies ScriptTable;
