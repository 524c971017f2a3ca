import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_TIMEOUT_MS } from '../monitors/fields';
import { isMonitorKind, KINDS, type MonitorKind } from '../monitors/registry';
import type { Monitor, MonitorOf } from '../monitors/schema';
import { describeError, round } from './net';
import { checkFor } from './registry';
import { redactOutcome } from './redact';
import { failed, MAX_MESSAGE_CHARS, truncate } from './result';
import type { CheckContext, CheckResult, CounterStore } from './types';

export type { Check, CheckContext, CheckResult, CounterStore } from './types';
export { CHECKS } from './registry';

export interface RunCheckOptions {
  /** An upper bound on any monitor's own timeout (the worker's setting). */
  maxTimeoutMs?: number;
  /** Where checks keep counters between runs; without it, rates "since the last run" are not measured. */
  counters?: CounterStore;
}

/** How long a check may take to tear down after its signal aborts before we stop waiting for it. */
const TEARDOWN_GRACE_MS = 250;

class CheckTimeout extends Error {
  constructor(readonly limitMs: number) {
    super(`timed out after ${limitMs} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Runs one monitor's check within its total time limit (its timeoutMs, capped by maxTimeoutMs) and
 * always resolves: an error or a timeout is a failed result. When it returns, the check has closed
 * its sockets. Messages are bounded and hold no secret of the monitor.
 */
export async function runCheck(monitor: Monitor, options: RunCheckOptions = {}): Promise<CheckResult> {
  const started = performance.now();
  const kind: unknown = monitor?.kind;
  let result: CheckResult;
  try {
    result = isMonitorKind(kind)
      ? await runWithinLimit(monitor as MonitorOf<typeof kind>, kind, limitFor(monitor, options), { counters: options.counters })
      : failed(`Unknown check kind "${truncate(String(kind), 40)}"`, { kind: truncate(String(kind), 40) });
  } catch (error) {
    // Only a bug of ours gets here (a check's own errors are results); still a result, not a throw.
    result = failed(`The check could not run: ${describeError(error)}`);
  }
  // Cut first, then redact: a cut never leaves the start of a secret behind unredacted.
  const bounded = { ...result, ok: result.ok === true, message: truncate(String(result.message), MAX_MESSAGE_CHARS), durationMs: round(performance.now() - started) };
  return isMonitorKind(kind) ? redactOutcome(bounded, monitor) : bounded;
}

function limitFor(monitor: Monitor, options: RunCheckOptions): number | undefined {
  const own = 'timeoutMs' in monitor && typeof monitor.timeoutMs === 'number' ? monitor.timeoutMs : undefined;
  const cap = options.maxTimeoutMs ?? MAX_TIMEOUT_MS;
  return own === undefined ? undefined : Math.min(own, cap);
}

/** Kinds whose monitors have no time limit of their own (Remind Me): nothing to abort, no timer. A schema
 * whose fields cannot be listed counts as limited (the safe path, with a controller). */
const UNLIMITED_KINDS = new Set<MonitorKind>(
  (Object.keys(KINDS) as MonitorKind[]).filter((kind) => !('timeoutMs' in ((KINDS[kind].fields as { shape?: object }).shape ?? { timeoutMs: true }))),
);

/** The signal a check without a time limit gets: it never aborts (one for all, no listener is ever left on it). */
const NEVER_ABORTED = new AbortController().signal;

/**
 * The reason given to a check's signal once runCheck is done with it (tells anything left to close).
 * One shared object: `abort()` without a reason would build a DOMException, with a stack, per check.
 */
const CHECK_ENDED = Object.freeze(new Error('the check has ended'));

const targetOf = (monitor: Monitor, kind: MonitorKind) => (KINDS[kind].target as (m: unknown) => string)(monitor);

async function runWithinLimit<K extends MonitorKind>(monitor: MonitorOf<K>, kind: K, limitMs: number | undefined, context: CheckContext): Promise<CheckResult> {
  if (limitMs === undefined && UNLIMITED_KINDS.has(kind)) {
    try {
      return await checkFor(kind)(monitor, NEVER_ABORTED, context);
    } catch (error) {
      return failed(`Check failed on ${targetOf(monitor, kind)}: ${describeError(error)}`, { error: describeError(error) });
    }
  }
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    if (limitMs === undefined) return;
    timer = setTimeout(() => {
      controller.abort(new CheckTimeout(limitMs));
      resolve('timeout');
    }, limitMs);
  });
  const running = Promise.resolve()
    .then(() => checkFor(kind)(monitor, controller.signal, context))
    .then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
  try {
    const outcome = await Promise.race([running, timedOut]);
    if (outcome !== 'timeout') {
      if ('value' in outcome && !controller.signal.aborted) return outcome.value;
      if ('error' in outcome && !(controller.signal.reason instanceof CheckTimeout)) {
        return failed(`Check failed on ${targetOf(monitor, kind)}: ${describeError(outcome.error)}`, { error: describeError(outcome.error) });
      }
    }
    // Give the check a moment to finish closing what it opened, but never wait on it for long. A
    // check may answer the abort with a partial result: a cluster names the nodes still silent.
    const late = await Promise.race([running, sleep(TEARDOWN_GRACE_MS, undefined, { ref: false })]);
    const timeout = { timedOut: true, timeoutMs: limitMs };
    if (late && 'value' in late && late.value.ok === false) {
      return failed(`${late.value.message} (timed out after ${limitMs} ms)`, { ...late.value.details, ...timeout });
    }
    return failed(`No answer from ${targetOf(monitor, kind)} within ${limitMs} ms (timed out)`, timeout);
  } finally {
    clearTimeout(timer);
    if (!controller.signal.aborted) controller.abort(CHECK_ENDED);
  }
}
