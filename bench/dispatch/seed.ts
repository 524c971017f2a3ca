import type { Redis } from 'ioredis';
import { latestFireAtOrBefore } from '../../lib/queue/fire-times';
import { nextFireTime, parseCron } from '../../lib/schedule';
import type { KeyBuilder } from '../../lib/store/keys';

export interface Pattern {
  cron: string;
  timeZone: string;
}

const ZONES = [
  'UTC', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'America/Los_Angeles', 'America/Sao_Paulo', 'Asia/Kolkata',
  'Asia/Kathmandu', 'Asia/Tokyo', 'Asia/Shanghai', 'Australia/Adelaide', 'Australia/Sydney', 'Pacific/Auckland', 'Africa/Cairo',
  'Europe/Moscow', 'America/Chicago', 'Asia/Dubai', 'Asia/Singapore', 'America/St_Johns', 'Pacific/Chatham',
];

/** 50 minute-, hour- and day-level crons × 20 zones = 1,000 distinct (cron, time zone) pairs. */
export function thousandPatterns(): Pattern[] {
  const crons = [
    ...Array.from({ length: 20 }, (_, i) => `${i * 3} * * * *`),
    ...Array.from({ length: 10 }, (_, i) => `*/${i + 2} * * * *`),
    ...Array.from({ length: 10 }, (_, i) => `${i * 5} ${i}-23/2 * * *`),
    ...Array.from({ length: 10 }, (_, i) => `${i} ${i} * * ${i % 7}`),
  ];
  return crons.flatMap((cron) => ZONES.map((timeZone) => ({ cron, timeZone })));
}

export function monitorJson(id: string, pattern: Pattern): string {
  return JSON.stringify({
    id, v: 2, kind: 'tcp', name: `bench ${id}`, host: '127.0.0.1', port: 9, timeoutMs: 5000, cron: pattern.cron, timeZone: pattern.timeZone,
    enabled: true, mutedUntil: null, failureThreshold: 1, successThreshold: 1, renotifyMinutes: 60, channelIds: [], createdAt: 1, updatedAt: 1,
  });
}

/**
 * Writes `count` monitors (record + schedule entry) straight to Redis, pipelined, each scored at its
 * pattern's latest fire time at or before `now` (so all are due at once) or, with `spread`, at its next.
 */
export async function seedMonitors(redis: Redis, keys: KeyBuilder, count: number, patterns: Pattern[], now: number, due: boolean): Promise<Map<string, Pattern>> {
  const scores = patterns.map((p) => {
    const parsed = parseCron(p.cron);
    return due ? latestFireAtOrBefore(parsed, p.timeZone, now, now - 14 * 86_400_000)! : nextFireTime(parsed, p.timeZone, now);
  });
  const byId = new Map<string, Pattern>();
  for (let start = 0; start < count; start += 5000) {
    const pipeline = redis.pipeline();
    for (let i = start; i < Math.min(count, start + 5000); i++) {
      const id = `b${i}`;
      const pattern = patterns[i % patterns.length];
      byId.set(id, pattern);
      pipeline.set(keys.monitor(id), monitorJson(id, pattern));
      pipeline.zadd(keys.schedule, scores[i % patterns.length], id);
    }
    await pipeline.exec();
  }
  return byId;
}
