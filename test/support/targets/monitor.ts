import type { MonitorKind } from '../../../lib/monitors/registry';
import type { MonitorOf } from '../../../lib/monitors/schema';

let counter = 0;

/**
 * A monitor of one kind as the worker hands it to a check (secrets decrypted): the common fields
 * filled with defaults, the kind's fields as given.
 */
export function monitorOf<K extends MonitorKind>(kind: K, fields: Omit<MonitorOf<K>, 'kind' | keyof Common>): MonitorOf<K> {
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
    tags: [],
  };
  return { ...common, kind, ...fields } as unknown as MonitorOf<K>;
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
  tags: string[];
}
