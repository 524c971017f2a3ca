import { elasticKind } from './kinds/elastic';
import { heartbeatKind } from './kinds/heartbeat';
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
  heartbeat: heartbeatKind,
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

/** Kinds whose job pings imalert instead of being checked: they get a ping URL and have no "Run now". */
export function takesPings(kind: unknown): boolean {
  return isMonitorKind(kind) && 'takesPings' in KINDS[kind];
}

/**
 * How long after each fire time a monitor's scheduled run happens (0 for most kinds; a Did It Run's
 * grace). Reads a raw stored record (the controller does not parse whole records): undefined when the
 * field it needs is not a usable number.
 */
export function runDelayMsOf(record: Record<string, unknown>): number | undefined {
  const { kind } = record;
  if (!isMonitorKind(kind)) return 0;
  const spec = KINDS[kind];
  if (!('runDelayMs' in spec)) return 0;
  const delay = spec.runDelayMs(record as { graceSeconds: number });
  return Number.isSafeInteger(delay) && delay >= 0 ? delay : undefined;
}
