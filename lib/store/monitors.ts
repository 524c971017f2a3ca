import { randomBytes } from 'node:crypto';
import { listChannels } from '../alerts/channels';
import type { Config } from '../config';
import type { Keyring } from '../crypto/secrets';
import { isCorruptRecordError, UserError } from '../errors';
import { commonFields, fieldErrorsOf, MONITOR_SCHEMA_VERSION, monitorInputSchema, muteProblem, parseStoredMonitor, runDelayMsOf, secretFieldsOf, takesPings, type Monitor, type MonitorInput } from '../monitors';
import { setPingToken } from '../pings/tokens';
import { redisNow, type RedisClient } from '../redis';
import { nextFireTime, parseCron } from '../schedule';
import type { KeyBuilder } from './keys';
import { nameKey, nameWords } from './search-words';
import { sealSecrets } from './secrets';

export const MONITOR_STATUSES = ['pending', 'up', 'down'] as const;

export interface MonitorStoreOptions {
  redis: RedisClient;
  keys: KeyBuilder;
  keyring: Keyring;
  config: Config;
  minIntervalSeconds: number;
}

export type ListedMonitor = { id: string; monitor?: Monitor; error?: string };

/** Monitors in Redis: create, read, update, delete, list. Every write is one atomic script. */
export function createMonitorStore({ redis, keys, keyring, config, minIntervalSeconds }: MonitorStoreOptions) {
  const schema = monitorInputSchema(minIntervalSeconds);
  const invalid = (fieldErrors: Record<string, string[]>) => new UserError('Please correct the highlighted fields.', fieldErrors);

  function validate(input: unknown): MonitorInput {
    const result = schema.safeParse(input);
    if (!result.success) throw invalid(fieldErrorsOf(result.error));
    return result.data;
  }

  /**
   * The one check every write goes through: the schema, then channels that exist. Channels and a mute
   * end the record already holds are not checked again (a channel removed since, a mute that has ended).
   */
  async function validateWrite(input: unknown, previous: Monitor | undefined): Promise<MonitorInput> {
    const kept = storedMute(input, previous);
    const withConfig = withStoredConfigMarks(input, previous);
    const valid = validate(kept === undefined ? withConfig : { ...(withConfig as object), mutedUntil: null });
    if (kept !== undefined) valid.mutedUntil = kept;
    const known = new Set([...(previous?.channelIds ?? []), ...(await listChannels({ redis, keys, keyring, config })).map((c) => c.id)]);
    const unknown = valid.channelIds.filter((id) => !known.has(id));
    if (unknown.length) throw invalid({ channelIds: [`No such channel: ${unknown.join(', ')}`] });
    return valid;
  }

  /** A pause, resume or mute: those fields of the schema, and the rule for a new mute end. */
  function validatePatch(change: unknown): Partial<Pick<Monitor, 'enabled' | 'mutedUntil' | 'managedByConfig'>> {
    const result = patchSchema.safeParse(change);
    if (!result.success) throw invalid(fieldErrorsOf(result.error));
    const given = Object.keys(change as object) as (keyof typeof result.data)[];
    const valid = Object.fromEntries(given.map((key) => [key, result.data[key]]));
    const mute = valid.mutedUntil == null ? null : muteProblem(valid.mutedUntil as number, Date.now());
    if (mute) throw invalid({ mutedUntil: [mute] });
    return valid;
  }

  async function readRaw(id: string): Promise<string | null> {
    return redis.get(keys.monitor(id));
  }

  async function get(id: string): Promise<Monitor | undefined> {
    const json = await readRaw(id);
    return json === null ? undefined : parseStoredMonitor(id, json);
  }

  /** The monitor's first score on the schedule: its next fire time, plus its delay (a Did It Run's grace). */
  async function nextFireFor(monitor: Monitor): Promise<number> {
    return nextFireTime(parseCron(monitor.cron), monitor.timeZone, await redisNow(redis, keys)) + delayOf(monitor);
  }

  /** `secretsFrom`: the stored record whose ciphertexts an empty secret keeps. */
  async function save(id: string, input: MonitorInput, previous: { json: string; monitor: Monitor } | undefined, secretsFrom = previous?.monitor): Promise<Monitor> {
    const now = Date.now();
    const sealed = sealSecrets(input, secretsFrom, keyring);
    const monitor = {
      ...sealed,
      id,
      v: MONITOR_SCHEMA_VERSION,
      createdAt: previous?.monitor.createdAt ?? now,
      updatedAt: now,
    } as Monitor;
    const old = previous?.monitor;
    const scheduleUnchanged = old && old.enabled && monitor.enabled && old.cron === monitor.cron && old.timeZone === monitor.timeZone && delayOf(old) === delayOf(monitor);
    const nextFire = !monitor.enabled ? '' : scheduleUnchanged ? 'keep' : String(await nextFireFor(monitor));
    const oldWords = old ? nameWords(old.name) : [];
    const newWords = nameWords(monitor.name);
    const { removed, added } = tagChanges(old?.tags ?? [], monitor.tags);
    const result = await redis.imalertSaveMonitor(
      keys.monitor(id), keys.monitorNames, keys.monitorIds, keys.schedule, keys.indexPaused, keys.indexNameWords,
      keys.indexByKind(monitor.kind), keys.state(id), keys.indexByStatus('pending'), keys.indexNames, keys.monitorVersions, keys.monitorWrites,
      keys.indexTags, id, previous?.json ?? '', JSON.stringify(monitor), nameKey(monitor.name), old ? nameKey(old.name) : '',
      nextFire, monitor.createdAt, monitor.enabled ? 'enabled' : 'paused', keys.indexByTag(''),
      oldWords.length, newWords.length, removed.length, ...oldWords, ...newWords, ...removed, ...added,
    );
    if (result === 'NAME_TAKEN') throw new UserError('A monitor with this name already exists.', { name: ['A monitor with this name already exists'] }, 'conflict');
    if (result === 'CONFLICT') throw new UserError('This monitor was changed by someone else meanwhile. Reload and try again.', {}, 'conflict');
    if (result === 'EXISTS') throw new Error(`monitor id collision: ${id}`);
    // A new Did It Run gets its ping URL; should this step be cut short, its page offers to make one.
    if (!previous && takesPings(monitor.kind)) await setPingToken({ redis, keys, keyring }, id, 'if-none');
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
      return save(newMonitorId(), await validateWrite(input, undefined), undefined);
    },

    /** Secret fields left empty keep their stored value. The kind of a monitor does not change. */
    async update(id: string, input: unknown): Promise<Monitor> {
      const previous = await readForUpdate(id);
      const valid = await validateWrite(input, previous.monitor);
      if (valid.kind !== previous.monitor.kind) throw new UserError('The kind of a monitor cannot be changed; create a new one.', { kind: ['Cannot change the kind'] });
      return save(id, valid, previous);
    },

    /**
     * Applies a small change (pause, resume, mute) to the stored record, atomically. The rest of the
     * record is as read (readable, and not refused for a rule made stricter since it was saved).
     */
    async patch(id: string, change: Partial<Pick<Monitor, 'enabled' | 'mutedUntil' | 'managedByConfig'>>): Promise<Monitor> {
      const valid = validatePatch(change);
      const previous = await readForUpdate(id);
      return save(id, { ...storedAsInput(previous.monitor), ...valid } as MonitorInput, previous);
    },

    /** A copy with the same settings and secrets (copied server-side, never through the browser). */
    async duplicate(id: string, name: string): Promise<Monitor> {
      const { monitor } = await readForUpdate(id);
      const copy = { ...storedAsInput(monitor), name, configKey: null, managedByConfig: false };
      return save(newMonitorId(), await validateWrite(copy, monitor), undefined, monitor);
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
      const words = monitor ? nameWords(monitor.name) : [];
      const kindIndex = keys.indexByKind(monitor?.kind ?? 'unknown');
      // An unreadable record's tags are unknown: it leaves every tag's set (only sets it is in change).
      const tags = monitor ? monitor.tags : await redis.zrange(keys.indexTags, 0, -1);
      const result = await redis.imalertDeleteMonitor(
        keys.monitor(id), keys.monitorNames, keys.monitorIds, keys.schedule, keys.indexPaused, keys.indexNameWords, kindIndex, keys.indexNames,
        keys.state(id), keys.runs(id), keys.rollupHourly(id), keys.rollupDaily(id), keys.incidents(id), keys.alertsByMonitor(id),
        keys.indexByStatus('pending'), keys.indexByStatus('up'), keys.indexByStatus('down'), keys.locks, keys.monitorVersions,
        keys.ping(id), keys.pingTokens, keys.indexTags, id, json, monitor ? nameKey(monitor.name) : '', keys.indexByTag(''), words.length, ...words, ...tags,
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

const delayOf = (monitor: Monitor) => runDelayMsOf(monitor as unknown as Record<string, unknown>) ?? 0;

const patchSchema = commonFields.pick({ enabled: true, mutedUntil: true, managedByConfig: true }).partial().strict();

/** The form knows nothing of config files: an input without the config marks keeps the stored ones. */
function withStoredConfigMarks(input: unknown, previous: Monitor | undefined): unknown {
  if (!previous || !input || typeof input !== 'object') return input;
  const given = input as Record<string, unknown>;
  return {
    ...given,
    configKey: 'configKey' in given ? given.configKey : previous.configKey,
    managedByConfig: 'managedByConfig' in given ? given.managedByConfig : previous.managedByConfig,
  };
}

/** The tags a save takes off and puts on (a tag kept is left alone). */
function tagChanges(before: readonly string[], after: readonly string[]): { removed: string[]; added: string[] } {
  const kept = new Set(after);
  const had = new Set(before);
  return { removed: before.filter((tag) => !kept.has(tag)), added: after.filter((tag) => !had.has(tag)) };
}

/** A stored record as input again: no bookkeeping, and secrets empty, which keeps the stored ones. */
function storedAsInput(monitor: Monitor): Record<string, unknown> {
  const { id: _id, v: _v, createdAt: _c, updatedAt: _u, ...input } = monitor as Monitor & Record<string, unknown>;
  for (const field of secretFieldsOf(monitor.kind)) input[field] = '';
  return input;
}

/**
 * The mute end to keep when the input repeats the stored one (undefined when it sets a new one): the
 * rules for a new mute do not apply to it, and one that has ended is stored as none.
 */
function storedMute(input: unknown, previous: Monitor | undefined): number | null | undefined {
  if (!previous || previous.mutedUntil === null || !input || typeof input !== 'object') return undefined;
  if ((input as { mutedUntil?: unknown }).mutedUntil !== previous.mutedUntil) return undefined;
  return previous.mutedUntil > Date.now() ? previous.mutedUntil : null;
}

export type MonitorStore = ReturnType<typeof createMonitorStore>;

export function newMonitorId(): string {
  return `m${randomBytes(8).toString('hex')}`;
}
