import { fromQuartzCron } from './quartz-cron';
import { ORIGINAL_KINDS, type OriginalInstance } from './original-layout';

/** An original instance as our monitor input (validated by the server), or why it cannot be mapped. */
export type Mapped = { input: Record<string, unknown> } | { problem: string };

const on = (flag: string | undefined) => flag === '1';

/** "on|min|max" (the original's keys and iops fields). */
function triple(value: string | undefined, field: string): { on: boolean; min: number; max: number } | string {
  const parts = (value ?? '').split('|');
  if (parts.length !== 3 || !/^[01]$/.test(parts[0]) || !/^\d+$/.test(parts[1]) || !/^\d+$/.test(parts[2])) return `${field} "${value ?? ''}" is not on|min|max`;
  return { on: parts[0] === '1', min: Number(parts[1]), max: Number(parts[2]) };
}

function portOf(value: string | undefined, fallback?: number): number | string {
  if ((value === undefined || value === '') && fallback !== undefined) return fallback;
  return /^\d{1,5}$/.test(value ?? '') ? Number(value) : `port "${value ?? ''}" is not a number`;
}

function kindFields(original: OriginalInstance): Record<string, unknown> | string {
  const { config, creds } = original;
  switch (original.kind) {
    case 'IWATCHREDIS': {
      const keys = triple(config.keys, 'keys');
      const iops = triple(config.iops, 'iops');
      const port = portOf(creds.port);
      if (typeof keys === 'string') return keys;
      if (typeof iops === 'string') return iops;
      if (typeof port === 'string') return port;
      if (creds.type !== 'standalone' && creds.type !== 'cluster') return `type "${creds.type ?? ''}" is neither standalone nor cluster`;
      return {
        host: creds.host, port, password: creds.auth ?? '', mode: creds.type, watchHealth: on(config.state),
        watchKeys: keys.on, minKeys: keys.min, maxKeys: keys.max, watchIops: iops.on, minIops: iops.min, maxIops: iops.max,
      };
    }
    case 'IWATCHELASTIC':
      return { url: creds.url, user: creds.user ?? '', password: creds.auth ?? '', authRequired: on(creds.auth_required), watchHealth: on(config.state) };
    case 'REMINDME':
      return { message: config.message };
    case 'CHECKMYHEALTH':
      return { url: config.url, expectedText: config.response ?? '' };
    case 'ISITREACHABLE': {
      const port = portOf(config.port, 80);
      if (typeof port === 'string') return port;
      const timeout = config.timeout ? Number(config.timeout) : 10_000;
      if (!Number.isInteger(timeout)) return `timeout "${config.timeout}" is not a number of milliseconds`;
      return { host: config.host, port, timeoutMs: timeout };
    }
    case 'WHYLATENCY': {
      const port = portOf(config.port, 80);
      if (typeof port === 'string') return port;
      const max = config.max_latency ? Number(config.max_latency) : 1000;
      if (!Number.isInteger(max)) return `max_latency "${config.max_latency}" is not a number of milliseconds`;
      // The original waited max_latency + 10 s before calling a host unreachable.
      return { host: config.host, port, maxLatencyMs: max, timeoutMs: Math.min(60_000, max + 10_000) };
    }
  }
}

export function mapInstance(original: OriginalInstance): Mapped {
  if (!original.cron) return { problem: 'no job entry with a cron in H:IMALERT:JOB_HASH' };
  const schedule = fromQuartzCron(original.cron);
  if ('problem' in schedule) return { problem: `schedule: ${schedule.problem}` };
  if (Object.keys(original.config).length === 0 && original.kind !== 'IWATCHELASTIC') return { problem: `no config hash H:IMALERT:${original.kind}:${original.instance}` };
  const fields = kindFields(original);
  if (typeof fields === 'string') return { problem: fields };
  return { input: { kind: ORIGINAL_KINDS[original.kind], name: original.instance, cron: schedule.cron, timeZone: 'UTC', ...fields } };
}
