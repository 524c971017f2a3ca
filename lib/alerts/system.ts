import { liveProcesses, type ProcessRole } from '../heartbeat';
import type { Logger } from '../log';
import { isRedisOutOfMemory, redisNow } from '../redis';
import { enqueueAlert } from './outbox';
import { checkRedisMemory, newMemoryWatch, type MemoryWatch } from './redis-memory';
import { formatDuration } from './render';
import type { AlertContext } from './types';

/**
 * System alerts to the default channel: no live worker, no live controller, dead letters piling up.
 * Every sender (worker or controller) evaluates them; a SET NX key per condition makes the raise
 * happen once across all processes, and the DEL that clears it sends the one "resolved" message.
 */
export const DEAD_LETTER_THRESHOLD = 10;
export type SystemCondition = 'no-worker' | 'no-controller' | 'dead-letters';

const TEXT: Record<SystemCondition, { raised: string; resolved: string }> = {
  'no-worker': { raised: 'No live worker', resolved: 'A worker is running again' },
  'no-controller': { raised: 'No live controller', resolved: 'A controller is running again' },
  'dead-letters': { raised: 'Dead letters are piling up', resolved: 'Dead letters are back under the threshold' },
};

async function transition(ctx: AlertContext, condition: SystemCondition, active: boolean, message: string, log: Logger): Promise<void> {
  const k = ctx.keys;
  if (active) {
    const raised = await ctx.redis.set(k.systemAlert(condition), String(Date.now()), 'NX');
    if (raised !== 'OK') return;
    log.warn('system alert raised', { condition, message });
    await enqueueAlert(ctx, { type: 'system', monitorName: TEXT[condition].raised, message, condition, systemState: 'raised' });
  } else if ((await ctx.redis.del(k.systemAlert(condition))) === 1) {
    log.info('system alert resolved', { condition });
    await enqueueAlert(ctx, { type: 'system', monitorName: TEXT[condition].resolved, message, condition, systemState: 'resolved' });
  }
}

/** Since when no process of this role has been alive (null while one is). */
async function noneAliveSince(ctx: AlertContext, role: ProcessRole, condition: SystemCondition, now: number): Promise<number | null> {
  const k = ctx.keys;
  if ((await liveProcesses(ctx.redis, k, role)).length) {
    await ctx.redis.del(k.systemAlertSince(condition));
    return null;
  }
  // The last heartbeat's expiry says when the last one died; otherwise, when we first saw none.
  await ctx.redis.set(k.systemAlertSince(condition), String(now), 'NX');
  const [firstSeen, last] = await Promise.all([
    ctx.redis.get(k.systemAlertSince(condition)),
    ctx.redis.zrevrange(k.heartbeats(role), 0, 0, 'WITHSCORES'),
  ]);
  const lastExpiry = last[1] ? Number(last[1]) : Infinity;
  return Math.min(Number(firstSeen) || now, lastExpiry);
}

export async function checkSystemConditions(
  ctx: AlertContext,
  log: Logger,
  options: { deadLetterThreshold?: number; memory?: MemoryWatch } = {},
): Promise<void> {
  const memory = options.memory ?? newMemoryWatch();
  // Nothing else can be raised (or trusted: no heartbeat can be written) while Redis refuses writes.
  if (await checkRedisMemory(ctx, log, memory)) return;
  // Redis's clock, like the heartbeats' expiry times it is compared with.
  const now = await redisNow(ctx.redis, ctx.keys);
  const after = ctx.config.SYSTEM_ALERT_AFTER_MS;
  // Right after writes came back, heartbeats are not yet renewed: liveness waits a few beats.
  const heartbeatsTrusted = Date.now() - memory.lastRefusedAt > 3 * ctx.config.HEARTBEAT_MS;
  for (const [role, condition] of heartbeatsTrusted ? ([['worker', 'no-worker'], ['controller', 'no-controller']] as const) : []) {
    const since = await noneAliveSince(ctx, role, condition, now);
    const downFor = since === null ? 0 : now - since;
    const message = since === null
      ? `imalert ${role}s are sending heartbeats again.`
      : `No imalert ${role} has sent a heartbeat for ${formatDuration(downFor)}. ${role === 'worker' ? 'Checks are not running.' : 'Nothing is being scheduled.'}`;
    await transition(ctx, condition, since !== null && downFor >= after, message, log);
  }
  const threshold = options.deadLetterThreshold ?? DEAD_LETTER_THRESHOLD;
  const deadLetters = await ctx.redis.xlen(ctx.keys.deadLetters);
  await transition(
    ctx, 'dead-letters', deadLetters >= threshold,
    deadLetters >= threshold
      ? `${deadLetters} jobs failed too often and wait in the dead-letter list (threshold ${threshold}). Redrive or discard them in the UI.`
      : `${deadLetters} jobs in the dead-letter list.`,
    log,
  );
}

/** Evaluates the conditions periodically until stopped. */
export function startSystemAlerts(ctx: AlertContext, options: { log: Logger; deadLetterThreshold?: number }): { stop(): Promise<void> } {
  const intervalMs = Math.min(5000, Math.max(250, Math.floor(ctx.config.SYSTEM_ALERT_AFTER_MS / 4)));
  let running: Promise<void> = Promise.resolve();
  const memory = newMemoryWatch();
  let busy = false;
  const tick = () => {
    if (busy) return; // a slow evaluation (Redis or Slack slow) is not overlapped by the next one
    busy = true;
    running = checkSystemConditions(ctx, options.log, { ...options, memory })
      // Refused for lack of memory mid-check: the next evaluation raises the out-of-memory alert.
      .catch((error) => {
        if (!isRedisOutOfMemory(error)) options.log.error('system alert check failed', { error });
      })
      .finally(() => (busy = false));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
