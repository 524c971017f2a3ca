export * from './schema';
export * from './registry';
export { parseStoredMonitor, upgradeRecord } from './stored';
export { stripCredentials } from './target';
