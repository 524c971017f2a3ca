import type { z } from 'zod';
import * as s from './schemas';

/** One documented route: what it takes and what it answers. `auth: false` needs no credentials. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  query?: Record<string, string>;
  body?: z.ZodType;
  /** Status → response schema (undefined: no body). Errors use the Error schema. */
  responses: Record<number, z.ZodType | undefined>;
  auth?: false;
}

const id = { id: 'the monitor id' };
const token = { token: 'a Did It Run\'s ping token (an unknown, rotated or malformed one: the same 404)' };
const PING_EVENTS = [['', 'the job has run (up)'], ['/start', 'the job has started (its run time is measured to the ping)'], ['/fail', 'the job has failed (down at once)']] as const;
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, s.errorSchema]));

/** Every route under /api. A test holds app/api to this list and every answer to its schema. */
export const OPERATIONS: Operation[] = [
  { method: 'get', path: '/api/health', tag: 'System', summary: 'Whether the UI reaches Redis and Redis takes writes (for load balancers; no credentials).', responses: { 200: s.healthSchema, 503: s.healthSchema }, auth: false },
  { method: 'get', path: '/api/status', tag: 'System', summary: 'Monitors by status, live controllers and workers, job backlog and dead letters.', responses: { 200: s.statusSchema } },
  { method: 'get', path: '/api/dashboard', tag: 'System', summary: 'The dashboard\'s page of rows, counts and system strip (what the UI polls).', query: { status: 'pending | up | down | paused', kind: 'a check kind', search: 'words of the name', after: 'cursor', limit: '1-200' }, responses: { 200: s.dashboardSchema, ...errors(400) } },

  { method: 'get', path: '/api/monitors', tag: 'Monitors', summary: 'A page of monitors in name order, secrets masked.', query: { status: 'pending | up | down | paused', kind: 'a check kind', search: 'words of the name', after: 'cursor from nextAfter', limit: '1-200 (50)' }, responses: { 200: s.monitorPageSchema, ...errors(400) } },
  { method: 'post', path: '/api/monitors', tag: 'Monitors', summary: 'Create a monitor (the same fields the form has).', body: s.monitorInputDoc, responses: { 201: s.apiMonitorSchema, ...errors(400, 409, 413) } },
  { method: 'get', path: '/api/monitors/{id}', tag: 'Monitors', summary: 'A monitor\'s settings (secrets masked) and state.', responses: { 200: s.apiMonitorSchema, ...errors(404) } },
  { method: 'put', path: '/api/monitors/{id}', tag: 'Monitors', summary: 'Replace the settings; a secret left empty keeps its stored value; the kind cannot change.', body: s.monitorInputDoc, responses: { 200: s.apiMonitorSchema, ...errors(400, 404, 409, 413) } },
  { method: 'patch', path: '/api/monitors/{id}', tag: 'Monitors', summary: 'Pause / resume, mute / unmute, or detach from its config file.', body: s.monitorPatchSchema, responses: { 200: s.apiMonitorSchema, ...errors(400, 404) } },
  { method: 'delete', path: '/api/monitors/{id}', tag: 'Monitors', summary: 'Delete the monitor, its schedule, state and history.', responses: { 204: undefined, ...errors(404) } },
  { method: 'post', path: '/api/monitors/{id}/run', tag: 'Monitors', summary: 'Run the check now.', responses: { 202: s.runQueuedSchema, ...errors(404) } },
  { method: 'get', path: '/api/monitors/{id}/status', tag: 'Monitors', summary: 'What the monitor page shows live: state, uptime, rollups, runs, incidents, alerts.', query: { period: '24h | 7d | 90d' }, responses: { 200: s.monitorStatusSchema, ...errors(404) } },
  { method: 'get', path: '/api/monitors/{id}/history', tag: 'Monitors', summary: 'Uptime and rollups of a period, and the runs of the last 24 hours.', query: { period: '24h | 7d | 90d (24h)' }, responses: { 200: s.historySchema, ...errors(400, 404) } },
  { method: 'get', path: '/api/monitors/{id}/ping-url', tag: 'Monitors', summary: 'A Did It Run\'s ping URL and its last start, success, failure and run time.', responses: { 200: s.pingUrlSchema, ...errors(400, 404) } },
  { method: 'post', path: '/api/monitors/{id}/ping-url', tag: 'Monitors', summary: 'A new ping URL for a Did It Run; the old one stops working at once.', responses: { 200: s.pingRotatedSchema, ...errors(400, 404) } },
  ...PING_EVENTS.flatMap(([suffix, what]) => (['get', 'post'] as const).map((method): Operation => ({
    method, path: `/api/ping/{token}${suffix}`, tag: 'Pings', auth: false,
    summary: `From a Did It Run's job (GET, POST or HEAD; the token is the credential): ${what}. At most 60 a minute per URL and 600 per client address.`,
    responses: { 200: s.pingAnswerSchema, ...errors(404, 429, 503) },
  }))),
  { method: 'get', path: '/api/monitors/{id}/incidents', tag: 'Monitors', summary: 'The latest incidents (down until up), newest first.', responses: { 200: s.incidentsSchema, ...errors(404) } },

  { method: 'post', path: '/api/monitors/{id}/maintenance', tag: 'Maintenance', summary: 'Maintenance for this monitor from now for `minutes` (a one-off window): checks run, alerts wait.', body: s.startMaintenanceSchema, responses: { 201: s.windowSchema, ...errors(400, 404) } },
  { method: 'get', path: '/api/maintenance', tag: 'Maintenance', summary: 'The maintenance windows, with whether each is active, upcoming or ended.', responses: { 200: s.windowListSchema } },
  { method: 'post', path: '/api/maintenance', tag: 'Maintenance', summary: 'A one-off (startsAt, endsAt) or recurring (cron, timeZone, durationMinutes) window, for all monitors, some, or a tag.', body: s.maintenanceInputSchema, responses: { 201: s.windowSchema, ...errors(400) } },
  { method: 'get', path: '/api/maintenance/{id}', tag: 'Maintenance', summary: 'One window.', responses: { 200: s.windowSchema, ...errors(404) } },
  { method: 'put', path: '/api/maintenance/{id}', tag: 'Maintenance', summary: 'Replace a window.', body: s.maintenanceInputSchema, responses: { 200: s.windowSchema, ...errors(400, 404) } },
  { method: 'delete', path: '/api/maintenance/{id}', tag: 'Maintenance', summary: 'Delete a window; it ends at once.', responses: { 204: undefined, ...errors(404) } },
  { method: 'get', path: '/api/tags', tag: 'Monitors', summary: 'The tags in use, with how many monitors carry each.', responses: { 200: s.tagListSchema } },

  { method: 'get', path: '/api/channels', tag: 'Channels', summary: 'The Slack channels (webhook URLs masked).', responses: { 200: s.channelListSchema } },
  { method: 'post', path: '/api/channels', tag: 'Channels', summary: 'Add a Slack incoming webhook; its URL is write-only.', body: s.channelInputSchema, responses: { 201: s.channelSchema, ...errors(400, 409) } },
  { method: 'get', path: '/api/channels/{id}', tag: 'Channels', summary: 'One channel.', responses: { 200: s.channelSchema, ...errors(404) } },
  { method: 'patch', path: '/api/channels/{id}', tag: 'Channels', summary: 'Rename, replace the webhook URL, or make it the default channel.', body: s.channelPatchSchema, responses: { 200: s.channelSchema, ...errors(400, 404, 409) } },
  { method: 'delete', path: '/api/channels/{id}', tag: 'Channels', summary: 'Remove a channel; alerts still waiting for it are marked undelivered.', responses: { 204: undefined, ...errors(404) } },
  { method: 'post', path: '/api/channels/{id}/test', tag: 'Channels', summary: 'Send a test message now.', responses: { 200: s.testMessageSchema, ...errors(400) } },

  { method: 'get', path: '/api/alerts', tag: 'Alerts', summary: 'The alert log, newest first, with each alert\'s delivery.', query: { before: 'an id from nextBefore', limit: '1-200 (50)' }, responses: { 200: s.alertLogSchema, ...errors(400) } },
  { method: 'get', path: '/api/dead-letters', tag: 'Dead letters', summary: 'Jobs that failed every delivery, newest first.', query: { before: 'an id from nextBefore', limit: '1-200 (50)' }, responses: { 200: s.deadLettersSchema, ...errors(400) } },
  { method: 'post', path: '/api/dead-letters/{id}/redrive', tag: 'Dead letters', summary: 'Run the job again now and remove the dead letter.', responses: { 202: s.redrivenSchema, ...errors(404) } },
  { method: 'delete', path: '/api/dead-letters/{id}', tag: 'Dead letters', summary: 'Drop a dead letter for good.', responses: { 204: undefined, ...errors(404) } },
  { method: 'get', path: '/api/me', tag: 'Users', summary: 'Who is calling: the user, their role (a token\'s role), and whether by session or token.', responses: { 200: s.meSchema } },
  { method: 'get', path: '/api/tokens', tag: 'Users', summary: 'Your API tokens (admins: `?user=all` for everyone\'s).', query: { user: 'all (admins)' }, responses: { 200: s.tokenListSchema, ...errors(400, 403) } },
  { method: 'post', path: '/api/tokens', tag: 'Users', summary: 'Create a token for yourself: a name, a role no higher than yours, optional days until it expires. The answer holds the token, once.', body: s.tokenInputSchema, responses: { 201: s.createdTokenSchema, ...errors(400) } },
  { method: 'delete', path: '/api/tokens/{id}', tag: 'Users', summary: 'Revoke a token (yours; admins: anyone\'s); it stops at once.', responses: { 204: undefined, ...errors(403, 404) } },
  { method: 'get', path: '/api/users', tag: 'Users', summary: 'The users (admins).', responses: { 200: s.userListSchema, ...errors(403) } },
  { method: 'post', path: '/api/users', tag: 'Users', summary: 'Invite a user (admins): the answer holds the one-time link that sets their password.', body: s.inviteInputSchema, responses: { 201: s.inviteSchema, ...errors(400, 403, 409) } },
  { method: 'get', path: '/api/users/{id}', tag: 'Users', summary: 'One user (admins).', responses: { 200: s.userSchema, ...errors(403, 404) } },
  { method: 'patch', path: '/api/users/{id}', tag: 'Users', summary: 'Change a role or disable / enable (admins); disabling ends sessions and tokens at once; the last admin stays.', body: s.userChangeSchema, responses: { 200: s.userSchema, ...errors(400, 403, 404, 409) } },
  { method: 'delete', path: '/api/users/{id}', tag: 'Users', summary: 'Delete a user (admins); not the last admin.', responses: { 204: undefined, ...errors(403, 404, 409) } },
  { method: 'post', path: '/api/users/{id}/invite', tag: 'Users', summary: 'A new one-time link for a user (admins); the earlier one stops working.', responses: { 201: s.inviteSchema, ...errors(403, 404) } },
  { method: 'get', path: '/api/audit', tag: 'Users', summary: 'The audit log, newest first (admins): who changed what, logins and failed logins.', query: { user: 'a user name', action: 'an action (monitor.pause) or a group (monitor)', before: 'an id from nextBefore', limit: '1-200 (50)' }, responses: { 200: s.auditPageSchema, ...errors(400, 403) } },
  { method: 'get', path: '/api/metrics', tag: 'System', summary: 'Prometheus metrics of the UI process, in Prometheus\'s text format (a session, an API token, or Bearer METRICS_TOKEN).', responses: { 200: undefined } },
  { method: 'get', path: '/api/openapi.json', tag: 'System', summary: 'This document.', responses: { 200: undefined }, auth: false },
];

export const PATH_PARAMETERS: Record<string, string> = { ...id, ...token };
