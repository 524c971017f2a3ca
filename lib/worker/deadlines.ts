import type { Monitor } from '../monitors';

/** How long a check waits before its pool thread is given up on, past its own time limit. */
export const DEADLINE_GRACE_MS = 5000;

/** When a batch is given up on: its slowest check's own limit (capped at the maximum) plus the grace. */
export function batchDeadlineMs(monitors: Monitor[], maxTimeoutMs: number): number {
  const own = monitors.map((m) => ('timeoutMs' in m && typeof m.timeoutMs === 'number' ? Math.min(m.timeoutMs, maxTimeoutMs) : maxTimeoutMs));
  return Math.max(...own) + DEADLINE_GRACE_MS;
}

/** A monitor's lock outlives the longest check with room to spare (a dead holder's lock then expires). */
export function lockTtlMs(maxTimeoutMs: number): number {
  return maxTimeoutMs + DEADLINE_GRACE_MS * 2;
}
