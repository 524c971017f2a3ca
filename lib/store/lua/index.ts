import type { Result } from 'ioredis';
import { scriptsIn } from '../../lua/types';

/** The store scripts, defined on every connection (lib/lua/define.ts). */
export const storeScripts = scriptsIn('store/lua', {
  imalertSaveMonitor: { file: 'save-monitor.lua', keys: 13 },
  imalertDeleteMonitor: { file: 'delete-monitor.lua', keys: 22 },
});

export type SaveMonitorOutcome = 'OK' | 'EXISTS' | 'CONFLICT' | 'NAME_TAKEN';
export type DeleteMonitorOutcome = 'OK' | 'MISSING' | 'CONFLICT';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    imalertSaveMonitor(
      monitor: string, names: string, ids: string, schedule: string, paused: string, nameWords: string,
      kindIndex: string, state: string, pending: string, namesLex: string, versions: string, writes: string, tagCounts: string,
      id: string, expectedJson: string, json: string, name: string, oldName: string, nextFire: string,
      createdAt: number, enabled: 'enabled' | 'paused', tagPrefix: string, oldWordCount: number, newWordCount: number, untagCount: number,
      ...wordsThenTags: string[]
    ): Result<SaveMonitorOutcome, Context>;
    imalertDeleteMonitor(
      monitor: string, names: string, ids: string, schedule: string, paused: string, nameWords: string, kindIndex: string, namesLex: string,
      state: string, runs: string, rollupHourly: string, rollupDaily: string, incidents: string, alerts: string,
      statusPending: string, statusUp: string, statusDown: string, locks: string, versions: string, ping: string, pingTokens: string, tagCounts: string,
      id: string, expectedJson: string, name: string, tagPrefix: string, wordCount: number, ...wordsThenTags: string[]
    ): Result<DeleteMonitorOutcome, Context>;
  }
}
