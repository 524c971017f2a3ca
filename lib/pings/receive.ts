import { countInWindow, windowLeftMs } from '../auth/rate-limit';
import type { CheckResult } from '../checks/types';
import type { AppContext } from '../context';
import { parseStoredMonitor } from '../monitors';
import { graceText } from '../monitors/kinds/heartbeat';
import { applyResult } from '../results/apply';
import type { PingEvent } from './lua';
import { hashPingToken, isWellFormedPingToken } from './tokens';

/**
 * Pings per window, per token and per client address. A job every few seconds with a start and an
 * end stays far under the first; the second holds back one host guessing tokens.
 */
export const PING_LIMITS = { perToken: 60, perClient: 600, windowMs: 60_000 } as const;

export type PingReply =
  | { outcome: 'recorded'; event: PingEvent }
  | { outcome: 'unknown' }
  | { outcome: 'limited'; retryAfterMs: number };

type PingContext = Pick<AppContext, 'redis' | 'keys' | 'config'>;

/**
 * A ping from a job: `start` notes the start of a run; `success` and `fail` end it and record a
 * result at once through the result script (UP, or DOWN), with the run time since its start as the
 * result's duration. Two round trips: the limits and the token's monitor together, then the writes.
 * An unknown token, one that was rotated away and a malformed one all answer 'unknown' alike.
 */
export async function receivePing(ctx: PingContext, token: string, event: PingEvent, client: string): Promise<PingReply> {
  if (!isWellFormedPingToken(token)) return { outcome: 'unknown' };
  const { redis, keys } = ctx;
  const tokenHash = hashPingToken(token);
  const limitKeys = [keys.pingLimit('token', tokenHash), keys.pingLimit('client', client)];
  const [byToken, byClient, found] = await Promise.all([
    countInWindow(ctx, limitKeys[0], PING_LIMITS.windowMs),
    countInWindow(ctx, limitKeys[1], PING_LIMITS.windowMs),
    redis.imalertFindPing(keys.pingTokens, tokenHash, keys.monitor(''), keys.ping('')),
  ]);
  if (byToken > PING_LIMITS.perToken || byClient > PING_LIMITS.perClient) {
    return { outcome: 'limited', retryAfterMs: await windowLeftMs(ctx, limitKeys[byToken > PING_LIMITS.perToken ? 0 : 1], PING_LIMITS.windowMs) };
  }
  if (!found) return { outcome: 'unknown' };
  const [monitorId, json, startedText, atText] = found;
  const monitor = parseStoredMonitor(monitorId, json);
  if (monitor.kind !== 'heartbeat') return { outcome: 'unknown' };
  const at = Number(atText);
  const started = startedText === '' ? null : Number(startedText);
  const runMs = event !== 'start' && started !== null && started <= at ? at - started : null;
  const noted = redis.imalertNotePing(keys.ping(monitorId), event, atText, runMs === null ? '' : String(runMs));
  if (event === 'start') {
    await noted;
    return { outcome: 'recorded', event };
  }
  // The ping's time is its fire time: a deadline's miss for an earlier fire time is then stale.
  const job = { monitorId, fireTime: at, dispatchId: `p:${monitorId}:${at}`, trigger: 'ping' as const };
  await Promise.all([noted, applyResult(ctx, { monitor, job, result: pingResult(event, runMs), workerName: `ping from ${client}` })]);
  return { outcome: 'recorded', event };
}

function pingResult(event: 'success' | 'fail', runMs: number | null): CheckResult {
  const ran = runMs === null ? '' : ` after running for ${runText(runMs)}`;
  const message = event === 'success' ? `The job pinged${ran}` : `The job reported a failure${ran}`;
  return { ok: event === 'success', durationMs: runMs ?? 0, message, details: runMs === null ? {} : { runMs } };
}

function runText(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : graceText(Math.round(ms / 1000));
}
