import type { MonitorKind } from '../monitors/registry';
import type { MonitorOf } from '../monitors/schema';

/** What one run of a check found. `message` is for people; `details` holds the figures behind it. */
export interface CheckResult {
  ok: boolean;
  durationMs: number;
  message: string;
  details: Record<string, unknown>;
  /** How bad a failure is (absent: 1). While down, a higher one than already told sends a "worse" update. */
  severity?: number;
}

/**
 * One check kind. The monitor's secrets are already decrypted (plain strings, '' = none). The check
 * must stop and close every socket it opened as soon as `signal` aborts; `runCheck` owns the time
 * limit, the duration and the bounding of messages, so a check may leave `durationMs` at 0.
 */
export type Check<K extends MonitorKind> = (monitor: MonitorOf<K>, signal: AbortSignal, context?: CheckContext) => Promise<CheckResult>;

/**
 * Counters a check keeps between runs of a monitor, per node (in imalert's own Redis, so any worker
 * sees the last sample). `swap` stores this run's sample and gives back the one before, if any.
 */
export interface CounterStore {
  swap(monitorId: string, node: string, sample: Record<string, string>): Promise<Record<string, string> | undefined>;
}

/** What a check may use besides its monitor and signal; every part is optional. */
export interface CheckContext {
  counters?: CounterStore;
}
