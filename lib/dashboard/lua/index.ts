import type { ScriptTable } from '../../lua/types';

/** The dashboard scripts, defined on every connection (lib/lua/define.ts). */
export const dashboardScripts = {} satisfies ScriptTable;
