import { elasticKind } from './kinds/elastic';
import { httpKind } from './kinds/http';
import { latencyKind } from './kinds/latency';
import { redisKind } from './kinds/redis';
import { remindKind } from './kinds/remind';
import { tcpKind } from './kinds/tcp';

/** Every check kind: its fields schema, display name (the original's), secret fields and target. */
export const KINDS = {
  redis: redisKind,
  elastic: elasticKind,
  remind: remindKind,
  http: httpKind,
  tcp: tcpKind,
  latency: latencyKind,
} as const;

export type MonitorKind = keyof typeof KINDS;
export const MONITOR_KINDS = Object.keys(KINDS) as MonitorKind[];

export function isMonitorKind(value: unknown): value is MonitorKind {
  return typeof value === 'string' && Object.hasOwn(KINDS, value);
}

export function kindDisplayName(kind: string): string {
  return isMonitorKind(kind) ? KINDS[kind].displayName : kind;
}

export function secretFieldsOf(kind: MonitorKind): readonly string[] {
  return KINDS[kind].secretFields;
}
