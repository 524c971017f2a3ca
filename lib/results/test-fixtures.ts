import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { loadConfig } from '../config';
import { kindSchemas, MONITOR_SCHEMA_VERSION, type Monitor } from '../monitors';
import { createKeys } from '../store/keys';
import type { CheckResult } from '../checks/types';
import { applyResult, type ResultJob, type ResultsContext } from './apply';

/** Test helpers for lib/results: a context on a fresh key prefix, monitors seeded as the store seeds them. */
export function resultsContext(redis: Redis, env: Record<string, string> = {}): ResultsContext {
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const config = loadConfig({ IMALERT_KEY_PREFIX: prefix, ALERT_RENOTIFY_UNIT_SECONDS: '1', ...env, NODE_ENV: 'test' } as NodeJS.ProcessEnv);
  return { redis, keys: createKeys(prefix), config };
}

export function tcpMonitor(overrides: Partial<Record<string, unknown>> = {}): Monitor {
  const id = `m${randomBytes(6).toString('hex')}`;
  const fields = kindSchemas.tcp.parse({ kind: 'tcp', name: `db ${id}`, cron: '* * * * *', host: '10.0.0.7', port: 5432, renotifyMinutes: 0, ...overrides });
  return { ...fields, id, v: MONITOR_SCHEMA_VERSION, createdAt: Date.now(), updatedAt: Date.now() } as Monitor;
}

export function remindMonitor(overrides: Partial<Record<string, unknown>> = {}): Monitor {
  const id = `m${randomBytes(6).toString('hex')}`;
  const fields = kindSchemas.remind.parse({ kind: 'remind', name: `remind ${id}`, cron: '* * * * *', message: 'Rotate the logs', ...overrides });
  return { ...fields, id, v: MONITOR_SCHEMA_VERSION, createdAt: Date.now(), updatedAt: Date.now() } as Monitor;
}

/** What the monitor store's create does for the state: status pending, in the pending index. */
export async function seedState(ctx: ResultsContext, monitor: Monitor): Promise<void> {
  await ctx.redis.hset(ctx.keys.state(monitor.id), 'status', 'pending');
  await ctx.redis.sadd(ctx.keys.indexByStatus('pending'), monitor.id);
}

export function jobFor(monitor: Monitor, fireTime: number, trigger: ResultJob['trigger'] = 'schedule'): ResultJob {
  return { monitorId: monitor.id, fireTime, dispatchId: `d${fireTime}-${randomBytes(3).toString('hex')}`, trigger };
}

export function checkResult(ok: boolean, durationMs = 5, message = ok ? 'Connected' : 'Connection refused'): CheckResult {
  return { ok, durationMs, message, details: { port: 5432 } };
}

/** Applies a sequence of results ('F' failed, 'S' ok) at consecutive fire times; returns the next one. */
export async function applySequence(ctx: ResultsContext, monitor: Monitor, sequence: string, firstFire: number): Promise<number> {
  let fire = firstFire;
  for (const step of sequence.replace(/\s/g, '')) {
    await applyResult(ctx, { monitor, job: jobFor(monitor, fire), result: checkResult(step === 'S'), workerName: 'w1' });
    fire += 1000;
  }
  return fire;
}

export type OutboxEntry = Record<string, string>;

export async function outboxEntries(ctx: ResultsContext): Promise<OutboxEntry[]> {
  const entries = await ctx.redis.xrange(ctx.keys.outbox, '-', '+');
  return entries.map(([, fields]) => {
    const out: OutboxEntry = {};
    for (let i = 0; i < fields.length; i += 2) out[fields[i]] = fields[i + 1];
    return out;
  });
}
