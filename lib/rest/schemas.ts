import { z } from 'zod';
import { ALERT_TYPES, DELIVERY_STATUSES } from '../alerts/types';
import { kindSchemas, MONITOR_KINDS } from '../monitors';
import { MONITOR_STATUSES } from '../results/state-schema';
import { AUDIT_ACTIONS, AUDIT_VIA } from '../audit/schema';
import { tokenInputSchema } from '../tokens/schema';
import { inviteInputSchema, userChangeSchema } from '../users/schema';
import { maintenanceInputSchema } from '../maintenance/schema';

export { inviteInputSchema, tokenInputSchema, userChangeSchema };

/**
 * The shapes the REST API answers with, for the OpenAPI document (lib/rest/openapi.ts) and the test
 * that holds every route to it. Request bodies use the domain's own schemas (the monitor kinds).
 */
const time = z.number().int().describe('ms since the epoch');
const nullableTime = time.nullable();

export const errorSchema = z.object({
  error: z.string().describe('for a person'),
  fieldErrors: z.record(z.string(), z.array(z.string())).optional().describe('bad fields by name'),
  redisDown: z.literal(true).optional(),
  redisOutOfMemory: z.literal(true).optional(),
}).meta({ id: 'Error' });

export const monitorStateSchema = z.looseObject({ status: z.enum(MONITOR_STATUSES) }).meta({ id: 'MonitorState' });

const bookkeeping = {
  id: z.string(),
  v: z.number().int(),
  createdAt: time,
  updatedAt: time,
  state: monitorStateSchema.nullable(),
  secretsSet: z.record(z.string(), z.boolean()).describe('secret fields: set or not (their values never leave the server)'),
};

/** A monitor as the API returns it: its settings (secrets empty), bookkeeping and state. */
export const apiMonitorSchema = z.discriminatedUnion('kind', MONITOR_KINDS.map((kind) => kindSchemas[kind].extend(bookkeeping)) as never).meta({ id: 'Monitor' });

export const monitorPageSchema = z.object({
  monitors: z.array(apiMonitorSchema),
  errors: z.array(z.object({ id: z.string(), error: z.string() })).describe('records that could not be read'),
  nextAfter: z.string().nullable().describe('pass as `after` for the next page'),
});

export const monitorInputDoc = z.discriminatedUnion('kind', MONITOR_KINDS.map((kind) => kindSchemas[kind]) as never).meta({ id: 'MonitorInput' });

export const monitorPatchSchema = z.object({
  enabled: z.boolean().optional().describe('false pauses, true resumes'),
  mutedUntil: time.nullable().optional().describe('mute until this time; null unmutes'),
  managedByConfig: z.boolean().optional().describe('false detaches the monitor from its config file'),
}).strict();

const runEntry = z.looseObject({ t: time, ok: z.boolean().optional(), d: z.number().optional(), msg: z.string().optional(), skip: z.string().optional(), trigger: z.string() });
const rollupPoint = z.object({ t: time, checks: z.number(), failures: z.number(), skipped: z.number(), avgMs: z.number().nullable(), minMs: z.number().nullable(), maxMs: z.number().nullable(), p95Ms: z.number().nullable() });
const incident = z.object({ id: z.string(), start: time, end: nullableTime, firstMessage: z.string() });

export const historySchema = z.object({
  period: z.enum(['24h', '7d', '90d']),
  uptime: z.object({ checks: z.number(), failures: z.number(), uptimePct: z.number().nullable() }).nullable(),
  rollups: z.array(rollupPoint),
  runs: z.array(runEntry),
});

export const incidentsSchema = z.object({ incidents: z.array(incident) });

export const runQueuedSchema = z.object({ queued: z.literal(true), fireTime: time, dispatchId: z.string() });

const pingUrl = z.string().describe('the secret ping URL; anyone with it can ping');
export const pingUrlSchema = z.object({
  pingUrl: pingUrl.nullable().describe('null: none yet (POST makes one)'),
  startedAt: nullableTime.describe('a /start not yet followed by a ping'),
  succeededAt: nullableTime,
  failedAt: nullableTime,
  runMs: z.number().int().nullable().describe('the last run\'s time from /start to its ping'),
});
export const pingRotatedSchema = z.object({ pingUrl });
export const pingAnswerSchema = z.object({ ok: z.literal(true), event: z.enum(['success', 'start', 'fail']) });

export const channelSchema = z.object({
  id: z.string(),
  name: z.string(),
  maskedUrl: z.string().describe('enough of the webhook URL to recognise it; the URL itself is write-only'),
  health: z.enum(['ok', 'failing']),
  failingSince: nullableTime,
  lastError: z.string(),
  createdAt: time,
  isDefault: z.boolean(),
  tags: z.array(z.string()).describe('monitors with one of these tags also alert this channel'),
}).meta({ id: 'Channel' });

export const channelInputSchema = z.object({ name: z.string(), url: z.string().describe('a Slack incoming webhook URL') });
export const channelPatchSchema = z.object({ name: z.string().optional(), url: z.string().optional(), isDefault: z.literal(true).optional() }).strict();
export const testMessageSchema = z.object({ ok: z.boolean(), error: z.string().optional() });

export const alertLogSchema = z.object({
  entries: z.array(z.looseObject({
    logId: z.string(), alertId: z.string(), type: z.enum(ALERT_TYPES), monitorId: z.string(), monitorName: z.string(), message: z.string(), at: time,
    channels: z.array(z.string()), status: z.enum([...DELIVERY_STATUSES, 'unknown']), attempts: z.number(), lastError: z.string(), deliveredAt: nullableTime,
  })),
  nextBefore: z.string().nullable(),
});

export const deadLetterSchema = z.object({
  id: z.string(), jobId: z.string(), monitorId: z.string(), fireTime: time, dispatchId: z.string(), trigger: z.string(), deliveries: z.number(), lastError: z.string(), deadAt: time,
});
export const deadLettersSchema = z.object({ deadLetters: z.array(deadLetterSchema), nextBefore: z.string().nullable() });
export const redrivenSchema = z.object({ jobId: z.string() });

const systemSchema = z.object({ redis: z.enum(['up', 'down']), controllers: z.number(), workers: z.number(), jobsWaiting: z.number(), jobsPending: z.number(), deadLetters: z.number() });
const countsSchema = z.object({ total: z.number(), pending: z.number(), up: z.number(), down: z.number(), paused: z.number() });
export const statusSchema = z.object({ monitors: countsSchema, system: systemSchema });

export const dashboardSchema = z.object({
  rows: z.array(z.looseObject({ id: z.string(), name: z.string(), kind: z.string(), status: z.enum(MONITOR_STATUSES) })),
  counts: countsSchema,
  system: systemSchema,
  nextAfter: z.string().nullable(),
  matching: z.number().nullable(),
  generatedAt: time,
  tags: z.array(z.object({ tag: z.string(), monitors: z.number() })).describe('the most used tags, for the filter'),
  maintenance: z.array(z.looseObject({ id: z.string(), name: z.string() })).describe('the maintenance windows on now'),
});

export const healthSchema = z.looseObject({ ok: z.boolean() });

export const channelListSchema = z.object({ channels: z.array(channelSchema) });

export const monitorStatusSchema = z.looseObject({
  id: z.string(), name: z.string(), enabled: z.boolean(), mutedUntil: nullableTime, state: monitorStateSchema.nullable(), nextRunAt: nullableTime,
  rollups: z.array(rollupPoint), runs: z.array(runEntry), incidents: z.array(incident), alerts: z.array(z.looseObject({ id: z.string(), type: z.string() })), now: time,
});

const role = z.enum(['viewer', 'editor', 'admin']);
export const userSchema = z.object({
  id: z.string(), name: z.string(), role, status: z.enum(['active', 'invited', 'disabled']), createdAt: time, createdBy: z.string(), inviteExpiresAt: nullableTime,
}).meta({ id: 'User' });
export const userListSchema = z.object({ users: z.array(userSchema) });
export const inviteSchema = z.object({ user: userSchema, inviteUrl: z.string().describe('the one-time link; shown once'), expiresAt: time });
export const meSchema = z.object({ user: z.object({ id: z.string(), name: z.string(), role }), via: z.enum(['cookie', 'token']), tokenId: z.string().optional() });
export const tokenSchema = z.object({
  id: z.string(), userId: z.string(), name: z.string(), role, createdAt: time, expiresAt: nullableTime, lastUsedAt: nullableTime.describe('to the minute'), expired: z.boolean(),
}).meta({ id: 'Token' });
export const tokenListSchema = z.object({ tokens: z.array(tokenSchema) });
export const createdTokenSchema = tokenSchema.extend({ token: z.string().describe('imalert_…: shown this once; only its SHA-256 is kept') });
export const auditPageSchema = z.object({
  entries: z.array(z.object({ id: z.string(), at: time, actor: z.string(), actorId: z.string(), action: z.enum(AUDIT_ACTIONS), target: z.string(), detail: z.string(), via: z.enum(AUDIT_VIA), client: z.string() })),
  nextBefore: z.string().nullable(),
});

export { maintenanceInputSchema };
export const windowSchema = z.looseObject({
  id: z.string(), name: z.string(), type: z.enum(['once', 'recurring']), state: z.enum(['active', 'upcoming', 'ended']), activeUntil: nullableTime, nextStartsAt: nullableTime,
}).meta({ id: 'MaintenanceWindow' });
export const windowListSchema = z.object({ windows: z.array(windowSchema), errors: z.array(z.object({ id: z.string(), error: z.string() })) });
export const tagListSchema = z.object({ tags: z.array(z.object({ tag: z.string(), monitors: z.number() })) });
export const startMaintenanceSchema = z.object({ minutes: z.number().int().describe('how long, from now') });
