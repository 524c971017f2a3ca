import { z } from 'zod';
import { CorruptRecordError, isCorruptRecordError } from '../errors';
import { kindSchemas, MAX_STORED_TIME_MS, MONITOR_SCHEMA_VERSION, type Monitor } from './schema';

const recordMeta = {
  id: z.string().min(1),
  v: z.literal(MONITOR_SCHEMA_VERSION),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
};

/** A record as stored in Redis (after upgrading). Schedule rules are checked on save, not on read. */
const storedMonitorSchema = z.discriminatedUnion('kind', [
  kindSchemas.redis.extend(recordMeta),
  kindSchemas.elastic.extend(recordMeta),
  kindSchemas.remind.extend(recordMeta),
  kindSchemas.http.extend(recordMeta),
  kindSchemas.tcp.extend(recordMeta),
  kindSchemas.latency.extend(recordMeta),
  kindSchemas.heartbeat.extend(recordMeta),
]);

type RawRecord = Record<string, unknown>;
export type UpgradeSteps = Record<number, (record: RawRecord) => RawRecord>;

/**
 * Upgrades, one version at a time, a record saved by an older imalert. Add a step here whenever a
 * field is renamed or added without a default, and bump MONITOR_SCHEMA_VERSION. A field added with a
 * default (tags) needs no step: older records read with the default, and older processes still read
 * newer records (unknown fields are dropped on parse).
 */
const upgrades: UpgradeSteps = {};

/** A record without a version number is left as it is: the schema then names its `v`. */
export function upgradeRecord(record: RawRecord, steps: UpgradeSteps = upgrades): RawRecord {
  let current = record;
  while (typeof current.v === 'number' && current.v < MONITOR_SCHEMA_VERSION) {
    const step = steps[current.v];
    if (!step) throw new Error(`no upgrade from schema version ${current.v}`);
    const next = step(current);
    if (typeof next.v !== 'number' || next.v <= current.v) throw new Error(`the upgrade from schema version ${current.v} does not raise the version`);
    current = next;
  }
  return current;
}

/** A mute end beyond any date (written before mute ends were checked) reads as the latest date: still muted. */
function withReadableMute(record: RawRecord): RawRecord {
  const { mutedUntil } = record;
  return typeof mutedUntil === 'number' && mutedUntil > MAX_STORED_TIME_MS ? { ...record, mutedUntil: MAX_STORED_TIME_MS } : record;
}

/** Parses a stored JSON record; a record that fails its schema throws an error naming the monitor. */
export function parseStoredMonitor(id: string, json: string): Monitor {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new CorruptRecordError(id, 'not valid JSON');
  }
  if (!raw || typeof raw !== 'object') throw new CorruptRecordError(id, 'not an object');
  try {
    const upgraded = withReadableMute(upgradeRecord(raw as RawRecord));
    const result = storedMonitorSchema.safeParse(upgraded);
    if (!result.success) {
      const detail = result.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ');
      throw new CorruptRecordError(id, detail);
    }
    return result.data as Monitor;
  } catch (error) {
    if (isCorruptRecordError(error)) throw error;
    throw new CorruptRecordError(id, (error as Error).message);
  }
}
