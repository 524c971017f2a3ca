import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../checks/types';
import type { Monitor } from '../monitors';
import { redisServerPerFile } from '../../test/support/redis-per-file';
import { checkResult, jobFor, outboxEntries, remindMonitor, resultsContext, seedState, tcpMonitor } from '../../test/fixtures/results';
import { applyResult, applyResults, HISTORY_LIMITS, recordSkipped, type ResultsContext } from './apply';
import { stateHashSchema } from './state-schema';

// The state hash is written by the result scripts and read by TypeScript through one schema: every
// path of the scripts must write only fields the schema names, each in its stored form.
let redis: Redis;
redisServerPerFile((client) => {
  redis = client;
});

const HOUR = 3600_000;

/** The state as stored, through the schema; fails the test naming every field it refuses. */
async function storedState(ctx: ResultsContext, monitor: Monitor, written: Set<string>) {
  const hash = await redis.hgetall(ctx.keys.state(monitor.id));
  const parsed = stateHashSchema.safeParse(hash);
  expect(parsed.error?.issues.map((issue) => `${issue.path.join('.') || 'state'}: ${issue.message}`) ?? []).toEqual([]);
  for (const field of Object.keys(hash)) written.add(field);
  return parsed.data;
}

describe('the state hash schema', () => {
  it('reads every state the result scripts write, and names every field they write', async () => {
    const ctx = resultsContext(redis);
    const written = new Set<string>();
    const tcp = tcpMonitor({ renotifyMinutes: 60 });
    const remind = remindMonitor();
    // Fire times of 16 digits: any of them formatted as a float (1e+15) would be refused.
    const far = tcpMonitor();
    for (const m of [tcp, remind, far]) await seedState(ctx, m);
    const apply = (monitor: Monitor, fire: number, result: CheckResult) => applyResult(ctx, { monitor, job: jobFor(monitor, fire, 'manual'), result, workerName: 'w' });
    const failing = (severity?: number): CheckResult => ({ ...checkResult(false), severity });

    let fire = Date.now() - 10 * 60_000;
    const steps: Array<[Monitor, number, CheckResult]> = [
      [tcp, fire, checkResult(true)], [tcp, (fire += 1000), checkResult(true)], // up, then the steady path
      [tcp, (fire += 1000), failing()], [tcp, (fire += 1000), failing(3)], // DOWN, then WORSE
      [tcp, (fire += 1000), checkResult(true)], // RESOLVED
      [remind, fire, checkResult(true)], [far, 1_000_000_000_000_000, failing()], [far, 1_000_000_000_000_000 + HOUR, checkResult(true)],
    ];
    for (const [monitor, at, result] of steps) {
      expect(await apply(monitor, at, result)).toBe('applied');
      await storedState(ctx, monitor, written);
    }
    expect((await outboxEntries(ctx)).map((a) => a.type)).toEqual(['down', 'worse', 'resolved', 'reminder', 'down', 'resolved']);
    expect(await storedState(ctx, far, written)).toMatchObject({ status: 'up', failStreakStart: 1_000_000_000_000_000, dailyFrom: 1_000_000_000_000_000 - (1_000_000_000_000_000 % HOUR) + HOUR });

    expect(await recordSkipped(ctx, jobFor(tcp, fire - 500), 'paused')).toBe('recorded');
    await storedState(ctx, tcp, written);
    // Steady runs folded into the rollups at once, and a result too old for the raw runs.
    const base = fire + 1000;
    await applyResults(ctx, Array.from({ length: 70 }, (_, i) => ({ monitor: tcp, job: jobFor(tcp, base + i), result: checkResult(true), workerName: 'w' })));
    expect(await storedState(ctx, tcp, written)).toMatchObject({ status: 'up', consecutiveSuccesses: 71, skippedCount: 1 });
    const old = tcpMonitor();
    await seedState(ctx, old);
    expect(await apply(old, Date.now() - HISTORY_LIMITS.runsKeepMs - HOUR, checkResult(true))).toBe('applied');
    expect(await storedState(ctx, old, written)).toMatchObject({ status: 'up', unrolled: 0, last: { m: 'Connected', ms: 5, w: 'w', tr: 'manual' } });

    // Every field the schema names is one the scripts write: no field is described that nothing writes.
    expect([...written].sort()).toEqual(Object.keys(stateHashSchema.shape).sort());
  });

  it('refuses a field it does not know and a value not in its stored form', () => {
    expect(stateHashSchema.safeParse({ status: 'up', lastFireTime: '1700000000000' }).success).toBe(true);
    expect(stateHashSchema.safeParse({ status: 'up', lastFireTime: '1e+15' }).success).toBe(false);
    expect(stateHashSchema.safeParse({ status: 'up', toldSeverity: 'nan' }).success).toBe(false);
    expect(stateHashSchema.safeParse({ status: 'up', last: JSON.stringify({ m: '', d: {}, ms: 1, w: 'w', extra: 1 }) }).success).toBe(false);
    expect(stateHashSchema.safeParse({ status: 'up', lastMessage: 'a field of its own' }).success).toBe(false);
  });
});
