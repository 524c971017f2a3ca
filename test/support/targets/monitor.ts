import type { z } from 'zod';
import { KINDS, type MonitorKind } from '../../../lib/monitors/registry';
import { redisFields } from '../../../lib/monitors/kinds/redis';
import { commonFields, type MonitorOf } from '../../../lib/monitors/schema';

let counter = 0;

type Common = z.infer<typeof commonFields> & { id: string; v: number; createdAt: number; updatedAt: number };

/**
 * A monitor of one kind as the worker hands it to a check (secrets decrypted): the common fields
 * filled with defaults, the kind's fields as given, and those left out at their schema defaults.
 */
export function monitorOf<K extends MonitorKind>(kind: K, fields: Omit<z.input<(typeof KINDS)[K]['fields']>, 'kind'>): MonitorOf<K> {
  counter += 1;
  const common: Common = {
    ...commonFields.parse({ name: `${kind} ${counter}`, cron: '* * * * *' }),
    id: `test-${counter}`,
    v: 2,
    createdAt: 0,
    updatedAt: 0,
  };
  return { ...common, kind, ...defaultsOf(kind), ...fields } as unknown as MonitorOf<K>;
}

type RedisFields = Omit<MonitorOf<'redis'>, 'kind' | keyof Common>;

/** An I Watch Redis monitor: every field the test does not give takes the schema's default (all conditions off). */
export function redisMonitorOf(fields: Partial<RedisFields> & Pick<RedisFields, 'host' | 'port'>): MonitorOf<'redis'> {
  const { kind: _kind, ...defaults } = redisFields.parse({ kind: 'redis', ...fields });
  return monitorOf('redis', { ...defaults, ...fields });
}

/** The kind's fields that have a default, at that default. */
function defaultsOf(kind: MonitorKind): Record<string, unknown> {
  const shape = KINDS[kind].fields.shape as Record<string, z.ZodType>;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(shape)) {
    const parsed = field.safeParse(undefined);
    if (parsed.success && parsed.data !== undefined) out[name] = parsed.data;
  }
  return out;
}
