import type { Result } from 'ioredis';
import { scriptsIn } from '../../lua/types';

/** The maintenance window scripts, defined on every connection (lib/lua/define.ts). */
export const maintenanceScripts = scriptsIn('maintenance/lua', {
  imalertSaveWindow: { file: 'save-window.lua', keys: 2 },
  imalertRemoveWindow: { file: 'remove-window.lua', keys: 2 },
});

export type SaveWindowOutcome = 'OK' | 'MISSING' | 'EXISTS' | 'FULL';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    imalertSaveWindow(windows: string, version: string, id: string, json: string, mode: 'create' | 'update', maxWindows: number, ...staleIds: string[]): Result<SaveWindowOutcome, Context>;
    imalertRemoveWindow(windows: string, version: string, id: string): Result<number, Context>;
  }
}
