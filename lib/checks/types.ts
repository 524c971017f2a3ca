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
export type Check<K extends MonitorKind> = (monitor: MonitorOf<K>, signal: AbortSignal) => Promise<CheckResult>;
