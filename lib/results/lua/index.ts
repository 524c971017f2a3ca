import type { Result } from 'ioredis';
import type { ScriptTable } from '../../lua/types';
import type { ApplyOutcome, SkipOutcome } from '../apply';

/** The results scripts, defined on every connection (lib/lua/define.ts). */
export const resultsScripts = {
  imalertApplyResults: { file: 'results/lua/apply-results.lua', keys: 7 },
  imalertRecordSkipped: { file: 'results/lua/record-skipped.lua', keys: 4 },
} satisfies ScriptTable;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** `args`: the header and RESULT_FIELDS per result, as apply-results.lua names them. */
    imalertApplyResults(outbox: string, pendingIndex: string, upIndex: string, downIndex: string, jobs: string, jobErrors: string, locks: string,
      ...args: string[]): Result<ApplyOutcome[], Context>;
    imalertRecordSkipped(state: string, runs: string, hourly: string, daily: string, fireTime: string, run: string, reason: string,
      runsMax: number, runsKeepMs: number, hourlyKeepMs: number, dailyKeepMs: number): Result<SkipOutcome, Context>;
  }
}
