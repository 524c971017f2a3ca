import { Counter, type Registry } from 'prom-client';

/** Why a send to Slack failed: 5xx, timeout or refused connection; 429; any other 4xx. */
export type DeliveryFailureReason = 'transient' | 'rate' | 'rejected';

/**
 * Alert delivery, in whichever daemon sends (both drain the outbox): alerts Slack accepted by type
 * and channel (each alert of a digest counts), failed sends and retries by channel. `channel` is the
 * channel's id, which a rename does not change.
 */
export class AlertMetrics {
  private readonly sent: Counter;
  private readonly failures: Counter;
  private readonly retries: Counter;

  constructor(registry: Registry) {
    this.sent = new Counter({ name: 'imalert_alerts_sent_total', help: 'Alerts Slack accepted, by alert type and channel id (each alert folded into a digest counts).', labelNames: ['type', 'channel'], registers: [registry] });
    this.failures = new Counter({ name: 'imalert_alert_delivery_failures_total', help: 'Sends to Slack that failed, by channel id and reason (transient, rate, rejected).', labelNames: ['channel', 'reason'], registers: [registry] });
    this.retries = new Counter({ name: 'imalert_alert_delivery_retries_total', help: 'Sends to a channel made after its previous send failed, by channel id.', labelNames: ['channel'], registers: [registry] });
  }

  recordSent(channel: string, types: readonly string[]): void {
    const counts = new Map<string, number>();
    for (const type of types) counts.set(type, (counts.get(type) ?? 0) + 1);
    for (const [type, count] of counts) this.sent.inc({ type, channel }, count);
  }

  recordFailure(channel: string, reason: DeliveryFailureReason): void {
    this.failures.inc({ channel, reason });
  }

  recordRetry(channel: string): void {
    this.retries.inc({ channel });
  }
}
