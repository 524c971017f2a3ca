import { z } from 'zod';
import { CorruptRecordError } from '../errors';
import { ALERT_TYPES, DELIVERY_STATUSES, type DeliveryStatus, type StoredAlert } from './types';

/** Redis keeps every field as text: times, durations and counts as whole numbers in digits. */
const digits = z.string().regex(/^\d+$/, 'must be a whole number written in digits');
const digitsOrNone = z.string().regex(/^\d*$/, 'must be empty or a whole number written in digits');

/** A JSON array of channel ids, or undefined when the text is not one. */
function parseIdList(json: string): string[] | undefined {
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) && list.every((id) => typeof id === 'string') ? list : undefined;
  } catch {
    return undefined;
  }
}

const idList = z.string().refine((json) => parseIdList(json) !== undefined, 'must be a JSON array of channel ids');

/**
 * An alert as it enters the outbox stream: written by the result script (monitor alerts) and by
 * enqueueAlert (system alerts), and read back from the alert's hash, which starts as a copy of it.
 * Checks only, no transforms: it is read for every alert a sender handles.
 */
export const outboxEntrySchema = z.strictObject({
  alertId: z.string().min(1),
  type: z.enum(ALERT_TYPES),
  monitorId: z.string(),
  monitorName: z.string(),
  kind: z.string(),
  target: z.string(),
  message: z.string(),
  at: digits,
  fireTime: digitsOrNone,
  since: digitsOrNone,
  downForMs: digitsOrNone,
  /** The channels the monitor names (none: the default channel). */
  channelIds: idList,
  /** System alerts only: which condition, and whether it is raised or resolved. */
  condition: z.string().min(1).optional(),
  systemState: z.enum(['raised', 'resolved']).optional(),
});

/** An outbox entry as Redis holds it (every field text). */
export type OutboxEntryFields = z.infer<typeof outboxEntrySchema>;
/** An outbox entry as the code reads it. */
export type OutboxAlert = Omit<OutboxEntryFields, 'at'> & { at: number };

/** Per-channel status fields of an alert's hash: `st:<channel id>`. */
const CHANNEL_STATUS = 'st:';

/** What routing and delivery add to the entry in the alert's hash (route-alerts.lua, complete-alerts.lua). */
const storedAlertShape = {
  ...outboxEntrySchema.shape,
  streamId: z.string().min(1),
  channels: z.string(), // the ids routed to, read (and checked) once below
  status: z.enum(DELIVERY_STATUSES),
  attempts: digits,
  lastError: z.string(),
  deliveredAt: digits.optional(),
  digestId: z.string().optional(),
};
// Any other field is a channel's status; its name is checked in toStoredAlert.
const storedAlertSchema = z.object(storedAlertShape).catchall(z.enum(DELIVERY_STATUSES));

/** Reads an outbox entry's fields; a field that is unknown or of the wrong form is an error naming it. */
export function parseOutboxEntry(fields: Record<string, string>): OutboxAlert {
  const parsed = outboxEntrySchema.safeParse(fields);
  if (!parsed.success) throw new CorruptRecordError(`alert ${fields.alertId ?? '?'}`, describe(parsed.error));
  return { ...parsed.data, at: Number(parsed.data.at) };
}

/** Reads an alert's hash (keys.alert(id)): the outbox entry, its delivery and each channel's status. */
export function toStoredAlert(hash: Record<string, string>): StoredAlert {
  const record = `alert ${hash.alertId ?? '?'}`;
  const parsed = storedAlertSchema.safeParse(hash);
  if (!parsed.success) throw new CorruptRecordError(record, describe(parsed.error));
  for (const field in hash) {
    if (!(field in storedAlertShape) && !field.startsWith(CHANNEL_STATUS)) throw new CorruptRecordError(record, `${field}: not a field of an alert`);
  }
  const a = parsed.data;
  const channels = parseIdList(a.channels);
  if (!channels) throw new CorruptRecordError(record, 'channels: must be a JSON array of channel ids');
  const channelStatus: Record<string, DeliveryStatus> = {};
  for (const id of channels) {
    const status = hash[CHANNEL_STATUS + id] as DeliveryStatus | undefined;
    if (!status) throw new CorruptRecordError(record, `${CHANNEL_STATUS}${id}: missing`);
    channelStatus[id] = status;
  }
  // Field by field: read for every alert a sender handles, and cheaper than spreading the parsed object.
  return {
    alertId: a.alertId, type: a.type, monitorId: a.monitorId, monitorName: a.monitorName, kind: a.kind, target: a.target,
    message: a.message, at: Number(a.at), fireTime: a.fireTime, since: a.since, downForMs: a.downForMs, channelIds: a.channelIds,
    condition: a.condition, systemState: a.systemState, streamId: a.streamId, channels, status: a.status, channelStatus,
    attempts: Number(a.attempts), lastError: a.lastError, deliveredAt: a.deliveredAt ? Number(a.deliveredAt) : null,
  };
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`).join('; ');
}
