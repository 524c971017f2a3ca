import type { z } from 'zod';
import { KINDS, type MonitorKind } from '../../../lib/monitors/registry';
import type { MonitorOf } from '../../../lib/monitors/schema';

let counter = 0;

/**
 * A monitor of one kind as the worker hands it to a check (secrets decrypted): the common fields
 * filled with defaults, the kind's fields as given, and those left out at their schema defaults.
 */
export function monitorOf<K extends MonitorKind>(kind: K, fields: Omit<z.input<(typeof KINDS)[K]['fields']>, 'kind'>): MonitorOf<K> {
  counter += 1;
  const common: Common = {
    id: `test-${counter}`,
    v: 2,
    createdAt: 0,
    updatedAt: 0,
    name: `${kind} ${counter}`,
    cron: '* * * * *',
    timeZone: 'UTC',
    enabled: true,
    mutedUntil: null,
    failureThreshold: 1,
    successThreshold: 1,
    renotifyMinutes: 60,
    channelIds: [],
  };
  return { ...common, kind, ...defaultsOf(kind), ...fields } as unknown as MonitorOf<K>;
}

interface Common {
  id: string;
  v: number;
  createdAt: number;
  updatedAt: number;
  name: string;
  cron: string;
  timeZone: string;
  enabled: boolean;
  mutedUntil: number | null;
  failureThreshold: number;
  successThreshold: number;
  renotifyMinutes: number;
  channelIds: string[];
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
