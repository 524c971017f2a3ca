import type { Result } from 'ioredis';
import type { ScriptTable } from '../../lua/types';

/** The queue scripts, defined on every connection (lib/lua/define.ts). */
export const queueScripts = {
  imalertDispatchDue: { file: 'queue/lua/dispatch-due.lua', keys: 3 },
  imalertRunNow: { file: 'queue/lua/run-now.lua', keys: 3 },
  imalertPrepareJobs: { file: 'queue/lua/prepare-jobs.lua', keys: 2 },
  imalertFinishJobs: { file: 'queue/lua/finish-jobs.lua', keys: 3 },
  imalertBuryJob: { file: 'queue/lua/bury-job.lua', keys: 4 },
  imalertRedriveDeadLetter: { file: 'queue/lua/redrive-dead-letter.lua', keys: 2 },
  imalertDropConsumerIfIdle: { file: 'queue/lua/drop-consumer-if-idle.lua', keys: 1 },
  imalertRenewEntries: { file: 'queue/lua/renew-entries.lua', keys: 1 },
} satisfies ScriptTable;

/** Whether a delivery holds its monitor's lock, as the scripts take it. */
export type LockFlag = 'holds-lock' | 'no-lock';
export const lockFlag = (locked: boolean): LockFlag => (locked ? 'holds-lock' : 'no-lock');

/** What the dispatch script does with a due monitor (see dispatch-due.lua). */
export type DispatchOp = 'dispatch' | 'postpone' | 'unschedule' | 'drop-if-gone';

/** dispatched, conflicts, early, the earliest score left ('' when none), Redis's now (ms), [fire time, jobs, …] of the dispatched. */
export type DispatchReply = [number, number, number, string, number, Array<string | number>];

declare module 'ioredis' {
  interface RedisCommander<Context> {
    imalertDispatchDue(schedule: string, jobs: string, lastDispatched: string, monitorKeyPrefix: string, ...monitors: string[]): Result<DispatchReply, Context>;
    imalertRunNow(monitor: string, jobs: string, lastDispatched: string, monitorId: string, dispatchSuffix: string): Result<[string, string] | null, Context>;
    imalertPrepareJobs(lastDispatched: string, locks: string, consumer: string, lockTtlMs: number, ...jobs: string[]): Result<Array<'lock' | 'stale' | 'locked'>, Context>;
    imalertFinishJobs(jobs: string, jobErrors: string, locks: string, group: string, consumer: string, ...jobArgs: string[]): Result<number, Context>;
    imalertBuryJob(jobs: string, deadLetters: string, jobErrors: string, locks: string, entryId: string, monitorId: string, fireTime: string,
      dispatchId: string, trigger: string, lastError: string, deliveries: number, group: string, maxDeadLetters: number, consumer: string, lock: LockFlag): Result<number, Context>;
    imalertRedriveDeadLetter(deadLetters: string, jobs: string, deadLetterId: string, as: 'manual' | 'original'): Result<string | null, Context>;
    imalertDropConsumerIfIdle(jobs: string, group: string, consumer: string): Result<number, Context>;
    imalertRenewEntries(jobs: string, group: string, consumer: string, ...entryIds: string[]): Result<number, Context>;
  }
}
