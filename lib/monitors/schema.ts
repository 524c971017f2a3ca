import { z } from 'zod';
import { text, wholeNumber } from './fields';
import { scheduleProblem } from '../schedule';
import { elasticFields } from './kinds/elastic';
import { heartbeatFields } from './kinds/heartbeat';
import { httpFields } from './kinds/http';
import { latencyFields } from './kinds/latency';
import { redisFields } from './kinds/redis';
import { remindFields } from './kinds/remind';
import { tcpFields } from './kinds/tcp';
import { KINDS } from './registry';
import { tagsSchema } from './tags';

export const MONITOR_SCHEMA_VERSION = 2;

/** The latest moment a stored time may name (the end of what a JavaScript Date can hold). */
export const MAX_STORED_TIME_MS = 8_640_000_000_000_000;

/** A mute may be set for at most this long ahead. */
export const MAX_MUTE_MS = 366 * 24 * 60 * 60 * 1000;

/** A monitor's key in config files: stable across renames. */
export const CONFIG_KEY = /^[a-z0-9][a-z0-9._-]{0,99}$/;

const threshold = (label: string) => wholeNumber(label).min(1, `${label} must be at least 1`).max(100, `${label} must be at most 100`).default(1);

/** Fields every monitor has, whatever its kind. */
export const commonFields = z.object({
  name: text('Name', 100).min(1, 'Name is required'),
  cron: text('Schedule', 200).min(1, 'Schedule is required'),
  timeZone: text('Time zone', 100).min(1, 'Time zone is required').default('UTC'),
  enabled: z.boolean({ error: 'Enabled must be true or false' }).default(true),
  // Any readable time is storable (an ended mute stays readable); new mutes are checked by muteProblem.
  mutedUntil: wholeNumber('Mute end').positive('Mute end must be a time').max(MAX_STORED_TIME_MS, 'Mute end is too far ahead').nullable().default(null),
  failureThreshold: threshold('Failure threshold'),
  successThreshold: threshold('Success threshold'),
  renotifyMinutes: wholeNumber('Re-notify interval').min(0, 'Re-notify interval cannot be negative').max(10_080, 'Re-notify interval is at most 10080 minutes (a week)').default(60),
  channelIds: z
    .array(z.string({ error: 'Channel ids must be text' }).regex(/^[A-Za-z0-9_-]{1,40}$/, 'Channel ids are letters, digits, - and _'), { error: 'Channels must be a list of channel ids' })
    .max(20, 'At most 20 channels')
    .default([]),
  // Config as code (npx imalert apply): the file's stable key, and whether the file is the truth (no edits in the UI).
  configKey: z.string({ error: 'Key must be text' }).regex(CONFIG_KEY, 'Key is 1-100 lowercase letters, digits, . _ or -, starting with a letter or digit').nullable().default(null),
  managedByConfig: z.boolean({ error: 'Managed by config must be true or false' }).default(false),
  tags: tagsSchema,
});

/** Why a new mute end cannot be set, or null: it must lie in the future, and at most a year ahead. */
export function muteProblem(mutedUntil: number, now: number): string | null {
  if (mutedUntil <= now) return 'Choose a time in the future';
  if (mutedUntil > now + MAX_MUTE_MS) return 'A mute can last at most a year';
  return null;
}

const withCommon = <T extends z.ZodRawShape>(kind: z.ZodObject<T>) => commonFields.extend(kind.shape);

export const kindSchemas = {
  redis: withCommon(redisFields),
  elastic: withCommon(elasticFields),
  remind: withCommon(remindFields),
  http: withCommon(httpFields),
  tcp: withCommon(tcpFields),
  latency: withCommon(latencyFields),
  heartbeat: withCommon(heartbeatFields),
};

/**
 * What a user submits (form, API): the common fields and one kind's fields. The schedule rule needs
 * the deployment's minimum interval, so the schema is built with it; the browser gets the same number.
 */
export function monitorInputSchema(minIntervalSeconds: number) {
  return z.discriminatedUnion('kind', Object.values(kindSchemas) as unknown as [typeof kindSchemas.redis, typeof kindSchemas.elastic, typeof kindSchemas.remind, typeof kindSchemas.http, typeof kindSchemas.tcp, typeof kindSchemas.latency, typeof kindSchemas.heartbeat], { error: 'Choose a check kind' })
    .superRefine((monitor, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      // An empty schedule or zone already has its "required" message: do not add a second one.
      const problem = monitor.cron && monitor.timeZone ? scheduleProblem(monitor.cron, monitor.timeZone, minIntervalSeconds) : null;
      if (problem) issue(/time zone/i.test(problem) ? 'timeZone' : 'cron', problem);
      if (monitor.mutedUntil !== null) {
        const mute = muteProblem(monitor.mutedUntil, Date.now());
        if (mute) issue('mutedUntil', mute);
      }
      (KINDS[monitor.kind].refine as (m: typeof monitor, i: typeof issue) => void)(monitor, issue);
    });
}

export type MonitorInput = z.infer<ReturnType<typeof monitorInputSchema>>;

/** A stored monitor: the input plus identity and bookkeeping. Secrets hold enc:v1: ciphertexts. */
export type Monitor = MonitorInput & { id: string; v: number; createdAt: number; updatedAt: number };

export type MonitorOf<K extends Monitor['kind']> = Extract<Monitor, { kind: K }>;

/** Field errors keyed by field name, as forms show them. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_form';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
