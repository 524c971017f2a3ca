import type { ScriptTable } from '../types';

/** Scripts of lib/ itself (heartbeat, Redis checks), defined on every connection (lib/lua/define.ts). */
export const coreScripts = {} satisfies ScriptTable;
