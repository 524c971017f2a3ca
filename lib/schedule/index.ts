// Cron schedules: parsing, next fire times in IANA time zones (Vixie DST rules), checks and descriptions.
export { CronError } from './cron-error';
export { parseCron, type ParsedCron } from './parse';
export { isValidTimeZone } from './timezone';
export { nextFireTime, nextFireTimes } from './next-fire';
export { scheduleProblem, shortestIntervalSeconds } from './schedule-problem';
export { describeCron, formatFireTime } from './describe';
