import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keyring } from '../crypto/secrets';
import { isCorruptRecordError, UserError } from '../errors';
import { fieldErrorsOf, MONITOR_SCHEMA_VERSION, monitorInputSchema, parseStoredMonitor, type Monitor, type MonitorInput } from '../monitors';
import { redisNow } from '../redis';
import { nextFireTime, parseCron } from '../schedule';
import type { KeyBuilder } from './keys';
import { DELETE_MONITOR, SAVE_MONITOR } from './scripts';
import { nameKey, nameWords } from './search-words';
import { sealSecrets } from './secrets';

export const MONITOR_STATUSES = ['pending', 'up', 'down'] as const;

export interface MonitorStoreOptions {
  redis: Redis;
  keys: KeyBuilder;
  keyring: Keyring;
  minIntervalSeconds: number;
}

export type ListedMonitor = { id: string; monitor?: Monitor; error?: string };

/** Monitors in Redis: create, read, update, delete, list. Every write is one atomic script. */
export function createMonitorStore({ redis, keys, keyring, minIntervalSeconds }: MonitorStoreOptions) {
  const schema = monitorInputSchema(minIntervalSeconds);

  function validate(input: unknown): MonitorInput {
    const result = schema.safeParse(input);
    if (!result.success) throw new UserError('Please correct the highlighted fields.', fieldErrorsOf(result.error));
    return result.data;
  }

  async function readRaw(id: string): Promise<string | null> {
    return redis.get(keys.monitor(id));
  }

  async function get(id: string): Promise<Monitor | undefined> {
    const json = await readRaw(id);
    return json === null ? undefined : parseStoredMonitor(id, json);
  }

  async function nextFireFor(monitor: Pick<Monitor, 'cron' | 'timeZone'>): Promise<number> {
    return nextFireTime(parseCron(monitor.cron), monitor.timeZone, await redisNow(redis));
  }

  async function save(id: string, input: MonitorInput, previous: { json: string; monitor: Monitor } | undefined): Promise<Monitor> {
    const now = Date.now();
    const sealed = sealSecrets(input, previous?.monitor, keyring);
    const monitor = {
      ...sealed,
      id,
      v: MONITOR_SCHEMA_VERSION,
      createdAt: previous?.monitor.createdAt ?? now,
      updatedAt: now,
    } as Monitor;
    const old = previous?.monitor;
    const scheduleUnchanged = old && old.enabled && monitor.enabled && old.cron === monitor.cron && old.timeZone === monitor.timeZone;
    const nextFire = !monitor.enabled ? '' : scheduleUnchanged ? 'keep' : String(await nextFireFor(monitor));
    const oldWords = old ? nameWords(old.name) : [];
    const newWords = nameWords(monitor.name);
    const result = await redis.eval(
      SAVE_MONITOR,
      12,
      keys.monitor(id), keys.monitorNames, keys.monitorIds, keys.schedule, keys.indexPaused, keys.indexNameWords,
      keys.indexByKind(monitor.kind), keys.state(id), keys.indexByStatus('pending'), keys.indexNames, keys.monitorVersions, keys.monitorWrites,
      id, previous?.json ?? '', JSON.stringify(monitor), nameKey(monitor.name), old ? nameKey(old.name) : '',
      nextFire, String(monitor.createdAt), monitor.enabled ? '1' : '0',
      String(oldWords.length), ...oldWords, String(newWords.length), ...newWords,
    );
    if (result === 'NAME_TAKEN') throw new UserError('A monitor with this name already exists.', { name: ['A monitor with this name already exists'] }, 'conflict');
    if (result === 'CONFLICT') throw new UserError('This monitor was changed by someone else meanwhile. Reload and try again.', {}, 'conflict');
    if (result === 'EXISTS') throw new Error(`monitor id collision: ${id}`);
    return monitor;
  }

  async function readForUpdate(id: string): Promise<{ json: string; monitor: Monitor }> {
    const json = await readRaw(id);
    if (json === null) throw new UserError('This monitor no longer exists.', {}, 'not-found');
    return { json, monitor: parseStoredMonitor(id, json) };
  }

  return {
    validate,
    get,
    nextFireFor,

    async create(input: unknown): Promise<Monitor> {
      return save(newMonitorId(), validate(input), undefined);
    },

    /** Secret fields left empty keep their stored value. The kind of a monitor does not change. */
    async update(id: string, input: unknown): Promise<Monitor> {
      const previous = await readForUpdate(id);
      const valid = validate(input);
      if (valid.kind !== previous.monitor.kind) throw new UserError('The kind of a monitor cannot be changed; create a new one.', { kind: ['Cannot change the kind'] });
      return save(id, valid, previous);
    },

    /** Applies a small change (pause, resume, mute) to the stored record, atomically. */
    async patch(id: string, change: Partial<Pick<Monitor, 'enabled' | 'mutedUntil'>>): Promise<Monitor> {
      const previous = await readForUpdate(id);
      return save(id, { ...previous.monitor, ...change } as MonitorInput, previous);
    },

    /** A copy with the same settings and secrets (copied server-side, never through the browser). */
    async duplicate(id: string, name: string): Promise<Monitor> {
      const { monitor } = await readForUpdate(id);
      const { id: _id, v: _v, createdAt: _c, updatedAt: _u, ...input } = monitor;
      return save(newMonitorId(), validate({ ...input, name }), undefined);
    },

    async remove(id: string): Promise<void> {
      const json = await readRaw(id);
      if (json === null) return;
      let monitor: Monitor | undefined;
      try {
        monitor = parseStoredMonitor(id, json);
      } catch (error) {
        if (!isCorruptRecordError(error)) throw error;
      }
      const perMonitor = [keys.state(id), keys.runs(id), keys.rollupHourly(id), keys.rollupDaily(id), keys.incidents(id), keys.alertsByMonitor(id)];
      const statusIndexes = MONITOR_STATUSES.map((s) => keys.indexByStatus(s));
      const words = monitor ? nameWords(monitor.name) : [];
      const kindIndex = keys.indexByKind(monitor?.kind ?? 'unknown');
      const result = await redis.eval(
        DELETE_MONITOR,
        10 + perMonitor.length + statusIndexes.length,
        keys.monitor(id), keys.monitorNames, keys.monitorIds, keys.schedule, keys.indexPaused, keys.indexNameWords, kindIndex, keys.indexNames,
        ...perMonitor, ...statusIndexes, keys.locks, keys.monitorVersions,
        id, json, monitor ? nameKey(monitor.name) : '', String(perMonitor.length), String(statusIndexes.length), String(words.length), ...words,
      );
      if (result === 'CONFLICT') throw new UserError('This monitor was changed by someone else meanwhile. Reload and try again.', {}, 'conflict');
    },

    /** Reads many monitors in one round trip; a corrupt record is reported by id and does not break the rest. */
    async getMany(ids: string[]): Promise<ListedMonitor[]> {
      if (!ids.length) return [];
      const values = await redis.mget(ids.map((id) => keys.monitor(id)));
      return ids.map((id, i) => {
        const json = values[i];
        if (json === null) return { id, error: 'not found' };
        try {
          return { id, monitor: parseStoredMonitor(id, json) };
        } catch (error) {
          return { id, error: (error as Error).message };
        }
      });
    },

    /** A page of monitors in creation order. */
    async list(offset = 0, limit = 100): Promise<ListedMonitor[]> {
      const ids = await redis.zrange(keys.monitorIds, offset, offset + limit - 1);
      return this.getMany(ids);
    },

    async count(): Promise<number> {
      return redis.zcard(keys.monitorIds);
    },

    async findIdByName(name: string): Promise<string | null> {
      return redis.hget(keys.monitorNames, nameKey(name));
    },
  };
}

export type MonitorStore = ReturnType<typeof createMonitorStore>;

export function newMonitorId(): string {
  return `m${randomBytes(8).toString('hex')}`;
}
