export { mapInstance, type Mapped } from './map-instance';
export { ORIGINAL_KINDS, readOriginal, type OriginalInstance, type OriginalKind } from './original-layout';
export { fromQuartzCron } from './quartz-cron';
