/** Alerting: channels, Slack rendering, outbox delivery, the alert log, test messages, system alerts. */
export { startAlertDelivery, type AlertDeliveryOptions } from './deliver';
export {
  addChannel, renameChannel, updateChannelUrl, removeChannel, listChannels, getChannel, setDefaultChannel,
  getDefaultChannel, ensureDefaultChannelFromEnv, setChannelTags, type ChannelView,
} from './channels';
export { webhookUrlSchema, channelNameSchema, maskWebhookUrl } from './channel-schema';
export { getAlertLog, getMonitorAlerts, countUndelivered, type AlertLogEntry } from './log';
export { sendTestMessage } from './test-message';
export { enqueueAlert, ensureOutboxGroup, type NewAlert } from './outbox';
export { renderAlert, renderDigest, escapeSlack, alertHeadline, formatDuration } from './render';
export { checkSystemConditions, DEAD_LETTER_THRESHOLD } from './system';
export type { AlertContext, AlertType, DeliveryStatus, LoggedStatus, OutboxAlert, StoredAlert } from './types';
