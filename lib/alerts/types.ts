import type { AppContext } from '../context';
import type { OutboxAlert } from './outbox-entry';

/** What the alert code needs from the app context (tests build it without a monitor store). */
export type AlertContext = Pick<AppContext, 'redis' | 'keys' | 'keyring' | 'config'>;

export const ALERT_TYPES = ['down', 'worse', 'resolved', 'renotify', 'reminder', 'system', 'test'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

/** An alert as it entered the outbox (outbox-entry.ts holds its schema). */
export type { OutboxAlert } from './outbox-entry';

/** Delivery status of an alert on a channel, and overall (the worst of its channels). */
export const DELIVERY_STATUSES = ['queued', 'delivered', 'digest', 'failing', 'dropped', 'undeliverable'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
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
