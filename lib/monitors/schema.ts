import { z } from 'zod';
import { scheduleProblem } from '../schedule';
import { elasticFields } from './kinds/elastic';
import { httpFields } from './kinds/http';
import { latencyFields } from './kinds/latency';
import { redisFields } from './kinds/redis';
import { remindFields } from './kinds/remind';
import { tcpFields } from './kinds/tcp';
import { KINDS } from './registry';

export const MONITOR_SCHEMA_VERSION = 2;

/** Fields every monitor has, whatever its kind. */
export const commonFields = z.object({
  name: z
    .string({ error: 'Name is required' })
    .trim()
    .min(1, 'Name is required')
    .max(100, 'Name is at most 100 characters'),
  cron: z.string({ error: 'Schedule is required' }).trim().min(1, 'Schedule is required').max(200, 'Schedule is too long'),
  timeZone: z.string().trim().min(1, 'Time zone is required').default('UTC'),
  enabled: z.preprocess((v) => (v === 'false' || v === 'off' ? false : v === 'true' || v === 'on' ? true : v), z.boolean().default(true)),
  mutedUntil: z.coerce.number().int().positive().nullable().default(null),
  failureThreshold: z.coerce.number({ error: 'Failure threshold must be a number' }).int().min(1, 'Failure threshold must be at least 1').max(100, 'Failure threshold must be at most 100').default(1),
  successThreshold: z.coerce.number({ error: 'Success threshold must be a number' }).int().min(1, 'Success threshold must be at least 1').max(100, 'Success threshold must be at most 100').default(1),
  renotifyMinutes: z.coerce.number({ error: 'Re-notify interval must be a number' }).int().min(0, 'Re-notify interval cannot be negative').max(10_080, 'Re-notify interval is at most 10080 minutes (a week)').default(60),
  channelIds: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,40}$/)).max(20).default([]),
});

const withCommon = <T extends z.ZodRawShape>(kind: z.ZodObject<T>) => commonFields.extend(kind.shape);

export const kindSchemas = {
  redis: withCommon(redisFields),
  elastic: withCommon(elasticFields),
  remind: withCommon(remindFields),
  http: withCommon(httpFields),
  tcp: withCommon(tcpFields),
  latency: withCommon(latencyFields),
};

/**
 * What a user submits (form, API): the common fields and one kind's fields. The schedule rule needs
 * the deployment's minimum interval, so the schema is built with it; the browser gets the same number.
 */
export function monitorInputSchema(minIntervalSeconds: number) {
  return z.discriminatedUnion('kind', Object.values(kindSchemas) as unknown as [typeof kindSchemas.redis, typeof kindSchemas.elastic, typeof kindSchemas.remind, typeof kindSchemas.http, typeof kindSchemas.tcp, typeof kindSchemas.latency], { error: 'Choose a check kind' })
    .superRefine((monitor, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      // An empty schedule or zone already has its "required" message: do not add a second one.
      const problem = monitor.cron && monitor.timeZone ? scheduleProblem(monitor.cron, monitor.timeZone, minIntervalSeconds) : null;
      if (problem) issue(/time zone/i.test(problem) ? 'timeZone' : 'cron', problem);
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
