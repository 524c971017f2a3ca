import { z } from 'zod';
import { UserError } from '../errors';

/** Everything the audit log records, by what it changed. */
export const AUDIT_ACTIONS = [
  'login', 'login.failed',
  'monitor.create', 'monitor.edit', 'monitor.delete', 'monitor.pause', 'monitor.resume', 'monitor.mute', 'monitor.unmute', 'monitor.detach', 'monitor.run', 'monitor.ping-url',
  'channel.create', 'channel.rename', 'channel.url', 'channel.delete', 'channel.default',
  'dead-letter.redrive', 'dead-letter.discard',
  'maintenance.create', 'maintenance.edit', 'maintenance.end', 'maintenance.delete', 'maintenance.start', 'channel.tags',
  'user.invite', 'user.link', 'user.password', 'user.role', 'user.disable', 'user.enable', 'user.delete',
  'token.create', 'token.revoke',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The groups a filter may name instead of one action ("monitor": every monitor change). */
export const AUDIT_GROUPS = [...new Set(AUDIT_ACTIONS.map((action) => action.split('.')[0]))];

/** How a change was asked for: a page of the UI, the API with a session or a token, or a command. */
export const AUDIT_VIA = ['web', 'api', 'token', 'cli'] as const;

/** One entry as stored in the stream's fields. */
export const auditEntrySchema = z.object({
  actor: z.string(), // a user name, or "(unknown)" for a failed login with a name no user has
  actorId: z.string().default(''),
  action: z.enum(AUDIT_ACTIONS),
  target: z.string().default(''), // the id of what changed
  detail: z.string().default(''), // a name or a short description of the change
  via: z.enum(AUDIT_VIA),
  client: z.string().default(''), // the client's address, for logins
});

export type AuditEntryInput = z.input<typeof auditEntrySchema>;
export type AuditEntry = z.output<typeof auditEntrySchema> & { id: string; at: number };

const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

/** The filters of the audit log's page and API; a bad one is a 400. */
export const auditQuerySchema = z.strictObject({
  user: z.string().trim().toLowerCase().max(40, 'The user filter is at most 40 characters').optional(),
  action: z.enum([...AUDIT_ACTIONS, ...AUDIT_GROUPS] as [string, ...string[]], { error: `The action filter must be one of: ${[...AUDIT_GROUPS, ...AUDIT_ACTIONS].join(', ')}` }).optional(),
  before: z.string().regex(STREAM_ID, 'The before cursor must be one the server gave (nextBefore)').optional(),
  limit: z.coerce.number({ error: 'The limit must be a number' }).int('The limit must be a whole number').min(1, 'The limit is 1 to 200').max(200, 'The limit is 1 to 200').default(50),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;

export function parseAuditQuery(params: URLSearchParams | Record<string, string | undefined>): AuditQuery {
  const raw = params instanceof URLSearchParams ? Object.fromEntries(params) : params;
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ''));
  const result = auditQuerySchema.safeParse(present);
  if (!result.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of result.error.issues) (fieldErrors[String(issue.path[0] ?? 'query')] ??= []).push(issue.code === 'unrecognized_keys' ? `Unknown parameter: ${issue.keys.join(', ')}` : issue.message);
    throw new UserError(Object.values(fieldErrors)[0][0], fieldErrors);
  }
  return result.data;
}
