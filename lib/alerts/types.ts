import type { AppContext } from '../context';

/** What the alert code needs from the app context (tests build it without a monitor store). */
export type AlertContext = Pick<AppContext, 'redis' | 'keys' | 'keyring' | 'config'>;

export const ALERT_TYPES = ['down', 'worse', 'resolved', 'renotify', 'reminder', 'system', 'test'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

/** An alert as the result script wrote it to the outbox (see CONTRACTS.md, "Alert outbox entry"). */
export interface OutboxAlert {
  alertId: string;
  type: AlertType;
  monitorId: string;
  monitorName: string;
  kind: string;
  target: string;
  message: string;
  at: number;
  fireTime: string;
  since: string;
  downForMs: string;
  channelIds: string;
  /** System alerts only: which condition, and whether it is raised or resolved. */
  condition?: string;
  systemState?: 'raised' | 'resolved';
}

/** Delivery status of an alert on a channel, and overall (the worst of its channels). */
export type DeliveryStatus = 'queued' | 'delivered' | 'digest' | 'failing' | 'dropped' | 'undeliverable';
/** In the alert log: the status record of an old alert may have expired before its log entry. */
export type LoggedStatus = DeliveryStatus | 'unknown';

/** An alert with its delivery status, as stored in keys.alert(id). */
export interface StoredAlert extends OutboxAlert {
  streamId: string;
  channels: string[];
  status: DeliveryStatus;
  channelStatus: Record<string, DeliveryStatus>;
  attempts: number;
  lastError: string;
  deliveredAt: number | null;
}

export function toStoredAlert(hash: Record<string, string>): StoredAlert {
  const parsed = safeJson<unknown>(hash.channels, []);
  const channels = Array.isArray(parsed) ? (parsed as string[]) : []; // cjson writes an empty table as {}
  const channelStatus: Record<string, DeliveryStatus> = {};
  for (const id of channels) channelStatus[id] = (hash[`st:${id}`] as DeliveryStatus) ?? 'queued';
  return {
    alertId: hash.alertId ?? '',
    type: (hash.type as AlertType) ?? 'down',
    monitorId: hash.monitorId ?? '',
    monitorName: hash.monitorName ?? '',
    kind: hash.kind ?? '',
    target: hash.target ?? '',
    message: hash.message ?? '',
    at: Number(hash.at) || 0,
    fireTime: hash.fireTime ?? '',
    since: hash.since ?? '',
    downForMs: hash.downForMs ?? '',
    channelIds: hash.channelIds ?? '[]',
    condition: hash.condition || undefined,
    systemState: (hash.systemState as 'raised' | 'resolved') || undefined,
    streamId: hash.streamId ?? '',
    channels,
    status: (hash.status as DeliveryStatus) ?? 'queued',
    channelStatus,
    attempts: Number(hash.attempts) || 0,
    lastError: hash.lastError ?? '',
    deliveredAt: hash.deliveredAt ? Number(hash.deliveredAt) : null,
  };
}

function safeJson<T>(raw: string | undefined, fallback: T): T {
  if (!raw) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}
