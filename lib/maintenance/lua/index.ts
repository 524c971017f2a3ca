import type { Result } from 'ioredis';
import type { ScriptTable } from '../../lua/types';

/** The maintenance window scripts, defined on every connection (lib/lua/define.ts). */
export const maintenanceScripts = {
  imalertSaveWindow: { file: 'maintenance/lua/save-window.lua', keys: 2 },
  imalertRemoveWindow: { file: 'maintenance/lua/remove-window.lua', keys: 2 },
} satisfies ScriptTable;

export type SaveWindowOutcome = 'OK' | 'MISSING' | 'EXISTS' | 'FULL';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    imalertSaveWindow(windows: string, version: string, id: string, json: string, mode: 'create' | 'update', maxWindows: number, ...staleIds: string[]): Result<SaveWindowOutcome, Context>;
    imalertRemoveWindow(windows: string, version: string, id: string): Result<number, Context>;
  }
}
