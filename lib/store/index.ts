export { createKeys, JOBS_GROUP, OUTBOX_GROUP, type KeyBuilder } from './keys';
export { createMonitorStore, MONITOR_STATUSES, newMonitorId, type MonitorStore, type ListedMonitor } from './monitors';
export { maskSecrets, openSecrets, sealSecrets } from './secrets';
export { nameWords, nameKey } from './search-words';
export { listTags, TAGS_LISTED, type TagCount } from './tags';
