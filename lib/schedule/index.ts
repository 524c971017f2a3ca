// Cron schedules: parsing, next fire times in IANA time zones (Vixie DST rules), checks and descriptions.
// Our own engine, not croner: far faster per fire time and far smaller per expression (docs/performance.md, "Cron engine").
export { CronError } from './cron-error';
export { parseCron, type ParsedCron } from './parse';
export { isValidTimeZone } from './timezone';
export { nextFireTime, nextFireTimes } from './next-fire';
export { scheduleProblem, shortestIntervalSeconds } from './schedule-problem';
export { describeCron, formatFireTime } from './describe';
