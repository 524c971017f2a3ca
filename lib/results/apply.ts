import type { CheckResult } from '../checks/types';
import type { AppContext } from '../context';
import { KINDS, type Monitor } from '../monitors';
import { JOBS_GROUP } from '../store/keys';

/** What the result functions need from the app context (tests pass just these). */
export type ResultsContext = Pick<AppContext, 'redis' | 'keys' | 'config'>;

/** The job a result belongs to, as read from the jobs stream. */
export interface ResultJob {
  monitorId: string;
  fireTime: number;
  dispatchId: string;
  /** 'ping': a Did It Run's job pinged (lib/pings); its fire time is the ping's time. */
  trigger: 'schedule' | 'manual' | 'ping';
}

export interface ApplyResultInput {
  monitor: Monitor;
  job: ResultJob;
  result: CheckResult;
  workerName: string;
  /** Acks this jobs stream entry in the same atomic step and, with `locked`, frees the monitor's lock
   *  when this delivery (workerName, entryId) still holds it: the worker's one round trip per batch. */
  ack?: { entryId: string; locked?: boolean };
  /** When the maintenance window the monitor is in ends (lib/maintenance), or null: it silences alerts as a mute does. */
  maintenanceUntil?: number | null;
}

/**
 * 'applied': state, history and alerts updated. 'stale': the fire time is not newer than the last
 * applied one (a redelivered or late job): nothing changed. 'gone': the monitor was deleted meanwhile.
 * All three mean the job is done and can be acked.
 */
export type ApplyOutcome = 'applied' | 'stale' | 'gone';
export type SkipOutcome = 'recorded' | 'duplicate' | 'gone';

/** How much history is kept per monitor. Hourly buckets serve the 24 h and 7 d views, daily the 90 d. */
export const HISTORY_LIMITS = {
  runsMax: 2000,
  runsKeepMs: 24 * 3600_000,
  hourlyKeepMs: 8 * 24 * 3600_000,
  dailyKeepMs: 91 * 24 * 3600_000,
  incidentsMax: 100,
  runMessageChars: 200,
  detailsChars: 4000,
  conditionsChars: 16_000,
} as const;

const MAX_MESSAGE_CHARS = 2000;

/** Cuts on a code point boundary, so a cut message is still valid text. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}

/**
 * Text sent as JSON to the result script is decoded there by cjson, which refuses a lone UTF-16
 * surrogate ("\ud800" alone: a name typed through the API, an excerpt cut inside a pair): the whole
 * batch would fail at every retry. Such text is made well-formed (U+FFFD) first.
 */
const wellFormed = (_key: string, value: unknown) => (typeof value === 'string' ? value.toWellFormed() : value);

/**
 * The details as stored with the last run. Over the limit, the conditions (what the monitor page shows
 * per node) are kept alone, within a larger limit of their own; past that, the failed ones only.
 */
export function boundedDetails(details: Record<string, unknown>): string {
  let json: string;
  try {
    json = JSON.stringify(details ?? {}, wellFormed);
  } catch {
    return JSON.stringify({ unserializable: true });
  }
  if (json.length <= HISTORY_LIMITS.detailsChars) return json;
  const conditions = Array.isArray(details?.conditions) ? (details.conditions as Array<{ ok?: unknown }>) : [];
  for (const kept of [conditions, conditions.filter((c) => c?.ok === false)]) {
    const alone = JSON.stringify({ conditions: kept, truncated: true }, wellFormed);
    if (kept.length > 0 && alone.length <= HISTORY_LIMITS.conditionsChars) return alone;
  }
  return JSON.stringify({ truncated: true });
}

export function targetOf(monitor: Monitor): string {
  return (KINDS[monitor.kind].target as (m: Monitor) => string)(monitor);
}

/** Results per script call: a call holds Redis only briefly. */
const RESULTS_PER_CALL = 100;
const LIMIT_ARGS = [HISTORY_LIMITS.runsMax, HISTORY_LIMITS.runsKeepMs, HISTORY_LIMITS.hourlyKeepMs, HISTORY_LIMITS.dailyKeepMs, HISTORY_LIMITS.incidentsMax].map(String);

/**
 * Applies many check results, each as `applyResult` would, in one round trip per RESULTS_PER_CALL:
 * dedupe by fire time, state and status, status indexes, runs, rollups, incidents and the alerts the
 * rules call for, and the acks asked for, all atomic per call. Outcomes come back in the order given.
 */
export async function applyResults(ctx: ResultsContext, inputs: ApplyResultInput[]): Promise<ApplyOutcome[]> {
  const calls: Array<Promise<ApplyOutcome[]>> = [];
  // One call per worker name (the worker name is one argument of the call).
  let start = 0;
  for (let i = 1; i <= inputs.length; i += 1) {
    if (i === inputs.length || i - start === RESULTS_PER_CALL || inputs[i].workerName !== inputs[start].workerName) {
      calls.push(applyChunk(ctx, inputs.slice(start, i)));
      start = i;
    }
  }
  return (await Promise.all(calls)).flat();
}

/** Applies one check result (a batch of one). */
export async function applyResult(ctx: ResultsContext, input: ApplyResultInput): Promise<ApplyOutcome> {
  const [outcome] = await applyResults(ctx, [input]);
  return outcome;
}

/**
 * The monitor's settings as the result script wants them: thresholds, renotify period, pause and mute,
 * and what an alert names, one JSON decoded only off the steady path (a status change, a failure, an
 * alert). Made once per monitor object: a worker keeps its parsed monitors until they are edited.
 */
const settingsJson = new WeakMap<Monitor, { unitSeconds: number; mutedUntil: number | null; json: string }>();
function resultSettings(monitor: Monitor, renotifyUnitSeconds: number, mutedUntil: number | null): string {
  const cached = settingsJson.get(monitor);
  if (cached?.unitSeconds === renotifyUnitSeconds && cached.mutedUntil === mutedUntil) return cached.json;
  const json = JSON.stringify({
    failureThreshold: monitor.failureThreshold, successThreshold: monitor.successThreshold,
    renotifyMs: monitor.renotifyMinutes * renotifyUnitSeconds * 1000, paused: !monitor.enabled, mutedUntil,
    name: monitor.name, kind: monitor.kind, target: targetOf(monitor), channelIds: JSON.stringify(monitor.channelIds ?? []),
  }, wellFormed);
  settingsJson.set(monitor, { unitSeconds: renotifyUnitSeconds, mutedUntil, json });
  return json;
}

/** A maintenance window silences alerts until its end as a mute does: the later of the two counts. */
function effectiveMute(monitor: Monitor, maintenanceUntil: number | null | undefined): number | null {
  const muted = monitor.mutedUntil ?? null;
  if (maintenanceUntil == null) return muted;
  return muted === null || maintenanceUntil > muted ? maintenanceUntil : muted;
}

/**
 * A result's flags as the words apply-results.lua looks for. A reminder also says whether it is paused
 * or until when it is muted, so the script's steady path need not decode the settings for it.
 */
function resultFlags(ok: boolean, monitor: Monitor, ack: ApplyResultInput['ack'], mutedUntil: number | null): string {
  const remind = monitor.kind === 'remind';
  return [ok && 'ok', remind && 'remind', ack?.locked === true && 'locked', remind && !monitor.enabled && 'paused',
    remind && mutedUntil != null && `muted-until=${mutedUntil}`].filter(Boolean).join(' ');
}

/**
 * The last run as the state keeps it (its `last` field, see lastRunSchema in state-schema.ts), one
 * field written per result. Built as text: the details are JSON already, and this runs for every job.
 */
function lastRunJson(message: string, detailsJson: string, durationMs: number, workerName: string, trigger: ResultJob['trigger'], severity: string): string {
  const triggerField = trigger === 'schedule' ? '' : `,"tr":"${trigger}"`;
  return `{"m":${JSON.stringify(message.toWellFormed())},"d":${detailsJson},"ms":${durationMs},"w":${JSON.stringify(workerName.toWellFormed())}${triggerField}${severity}}`;
}

/** A failure's severity as the last run's "sv" ('' = none given: the script counts it as 1). */
function severityJson(result: CheckResult): string {
  const severity = result.severity;
  return !result.ok && typeof severity === 'number' && Number.isInteger(severity) && severity > 0 && severity < 1e6 ? `,"sv":${severity}` : '';
}

/**
 * A run as its sorted-set member, {"t":…,"ok":…,"d":…,"msg":…} (+ "trigger":"manual" or "ping"), built as text:
 * the result script and the readers match its start (RUN_MEMBER), and this runs for every job.
 */
function runJson(job: ResultJob, ok: boolean, durationMs: number, message: string): string {
  const triggerField = job.trigger === 'schedule' ? '' : `,"trigger":"${job.trigger}"`;
  return `{"t":${job.fireTime},"ok":${ok === true},"d":${durationMs},"msg":${JSON.stringify(clip(message, HISTORY_LIMITS.runMessageChars))}${triggerField}}`;
}

/** The arguments apply-results.lua reads: a header, then RESULT_FIELDS per result. */
const RESULT_HEADER = 13;
const RESULT_FIELDS = 7;

async function applyChunk(ctx: ResultsContext, inputs: ApplyResultInput[]): Promise<ApplyOutcome[]> {
  const { keys, config } = ctx;
  const prefixes = [keys.state(''), keys.runs(''), keys.rollupHourly(''), keys.rollupDaily(''), keys.incidents('')];
  const args = [String(inputs.length), ...LIMIT_ARGS, JOBS_GROUP, inputs[0].workerName, ...prefixes];
  for (const { monitor, job, result, ack, workerName, maintenanceUntil } of inputs) {
    const mutedUntil = effectiveMute(monitor, maintenanceUntil);
    const durationMs = Math.max(0, Math.round(Number.isFinite(result.durationMs) ? result.durationMs : 0));
    const message = clip(result.message ?? '', MAX_MESSAGE_CHARS);
    // Short, so runs stay in Redis's compact sorted-set encoding: no default trigger, no dispatch id (the fire time tells runs apart).
    const run = runJson(job, result.ok, durationMs, message);
    const added = args.push(
      job.monitorId, String(job.fireTime), run, lastRunJson(message, boundedDetails(result.details), durationMs, workerName, job.trigger, severityJson(result)),
      resultFlags(result.ok, monitor, ack, mutedUntil), ack?.entryId ?? '', resultSettings(monitor, config.ALERT_RENOTIFY_UNIT_SECONDS, mutedUntil),
    );
    if ((added - RESULT_HEADER) % RESULT_FIELDS !== 0) throw new Error('result script arguments out of step with RESULT_FIELDS');
  }
  return ctx.redis.imalertApplyResults(keys.outbox, keys.indexByStatus('pending'), keys.indexByStatus('up'), keys.indexByStatus('down'),
    keys.jobs, keys.jobErrors, keys.locks, ...args);
}

/**
 * Records a job that was not run (a later fire time was already dispatched, or the monitor is paused):
 * counted in the state and in the history, status untouched. A redelivered skip is counted once.
 */
export async function recordSkipped(ctx: ResultsContext, job: ResultJob, reason: string): Promise<SkipOutcome> {
  const { keys } = ctx;
  const id = job.monitorId;
  const skipReason = clip(reason, HISTORY_LIMITS.runMessageChars);
  const run = JSON.stringify({ t: job.fireTime, skip: skipReason, trigger: job.trigger, id: job.dispatchId });
  return ctx.redis.imalertRecordSkipped(keys.state(id), keys.runs(id), keys.rollupHourly(id), keys.rollupDaily(id), String(job.fireTime), run, skipReason,
    HISTORY_LIMITS.runsMax, HISTORY_LIMITS.runsKeepMs, HISTORY_LIMITS.hourlyKeepMs, HISTORY_LIMITS.dailyKeepMs);
}
