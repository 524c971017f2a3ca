export * from './schema';
export * from './registry';
export { parseStoredMonitor, upgradeRecord } from './stored';
export { stripCredentials } from './target';
export { isTag, MAX_TAGS, tagSchema, tagsFromText, tagsSchema, TAG_RULE } from './tags';
