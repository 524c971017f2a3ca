/**
 * Every Redis key imalert uses, built in one place. All keys carry one hash tag (`{prefix}`), so every
 * multi-key script runs on Redis Cluster too (one slot). A different prefix is a separate shard.
 */
export type KeyBuilder = ReturnType<typeof createKeys>;

export const JOBS_GROUP = 'workers';
export const OUTBOX_GROUP = 'senders';

export function createKeys(prefix = 'imalert') {
  const p = `{${prefix}}`;
  return {
    prefix,
    hashTag: p,
    // monitors
    monitor: (id: string) => `${p}:monitor:${id}`,
    monitorIds: `${p}:monitors`, // ZSET id -> created at (ms): the listing order
    monitorNames: `${p}:monitor-names`, // HASH lower-cased name -> id: names are unique
    // indexes read by the dashboard (kept by the store and the result script)
    indexByKind: (kind: string) => `${p}:idx:kind:${kind}`, // SET of ids
    indexByStatus: (status: string) => `${p}:idx:status:${status}`, // SET of ids: pending | up | down
    indexPaused: `${p}:idx:paused`, // SET of ids
    indexNameWords: `${p}:idx:name-words`, // ZSET (score 0) "word\0id": prefix search by word
    indexNames: `${p}:idx:names`, // ZSET (score 0) "lower-cased name\0id": alphabetical order
    // scheduling
    schedule: `${p}:schedule`, // ZSET id -> next fire time (ms)
    jobs: `${p}:jobs`, // STREAM, consumer group JOBS_GROUP
    deadLetters: `${p}:dead-letters`, // STREAM
    lastDispatched: `${p}:last-dispatched`, // HASH id -> latest dispatched fire time (ms)
    running: (id: string) => `${p}:running:${id}`, // lock: at most one job per monitor at a time
    // results, state and history
    state: (id: string) => `${p}:state:${id}`, // HASH
    runs: (id: string) => `${p}:runs:${id}`, // ZSET fire time -> run JSON (last 24 h, bounded)
    rollupHourly: (id: string) => `${p}:rollup:h:${id}`, // HASH bucket -> stats
    rollupDaily: (id: string) => `${p}:rollup:d:${id}`, // HASH bucket -> stats
    incidents: (id: string) => `${p}:incidents:${id}`, // LIST of incident JSON, newest first
    // alerting
    channel: (id: string) => `${p}:channel:${id}`, // HASH
    channelIds: `${p}:channels`, // ZSET id -> created at
    defaultChannel: `${p}:channel-default`, // STRING channel id
    outbox: `${p}:alerts:outbox`, // STREAM, consumer group OUTBOX_GROUP
    alertLog: `${p}:alerts:log`, // STREAM, capped
    alertsByMonitor: (id: string) => `${p}:alerts:monitor:${id}`, // LIST of alert ids, newest first
    // processes
    heartbeat: (role: 'controller' | 'worker', name: string) => `${p}:hb:${role}:${name}`, // STRING JSON with TTL
    heartbeats: (role: 'controller' | 'worker') => `${p}:hb:${role}s`, // ZSET name -> expires at (ms)
    // access
    adminPassword: `${p}:auth:admin`, // STRING scrypt hash
    session: (id: string) => `${p}:session:${id}`,
    loginFailures: (client: string) => `${p}:auth:fail:${client}`,
    meta: `${p}:meta`, // HASH: schema info, first-start markers
  };
}
