/**
 * How long to wait before attempt `attempt` (1 = the first retry): doubling from `baseMs`, at most
 * `maxMs`. With `jitter`, "equal jitter" (half fixed, half random), so processes that failed
 * together spread out instead of retrying in step.
 */
export function backoffMs(attempt: number, { baseMs, maxMs, jitter = false }: { baseMs: number; maxMs: number; jitter?: boolean }, random = Math.random()): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return jitter ? Math.round(exponential * (0.5 + random / 2)) : exponential;
}
