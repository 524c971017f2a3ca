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
    // HASH id -> the write number of its record (from monitorWrites): a worker that has parsed the
    // record at that number needs not read it again (lib/queue/consume.ts)
    monitorVersions: `${p}:monitor-versions`,
    monitorWrites: `${p}:monitor-writes`, // STRING counter of record writes
    // indexes read by the dashboard (kept by the store and the result script)
    indexByKind: (kind: string) => `${p}:idx:kind:${kind}`, // SET of ids
    indexByStatus: (status: string) => `${p}:idx:status:${status}`, // SET of ids: pending | up | down
    indexPaused: `${p}:idx:paused`, // SET of ids
    indexNameWords: `${p}:idx:name-words`, // ZSET (score 0) "word\0id": prefix search by word
    indexNames: `${p}:idx:names`, // ZSET (score 0) "lower-cased name\0id": alphabetical order
    indexByTag: (tag: string) => `${p}:idx:tag:${tag}`, // SET of the ids carrying that tag
    indexTags: `${p}:idx:tags`, // ZSET tag -> how many monitors carry it
    // scheduling
    schedule: `${p}:schedule`, // ZSET id -> next fire time (ms)
    jobs: `${p}:jobs`, // STREAM, consumer group JOBS_GROUP
    deadLetters: `${p}:dead-letters`, // STREAM
    jobErrors: `${p}:jobs:errors`, // HASH jobs stream id -> last error of a failed delivery (until acked)
    lastDispatched: `${p}:last-dispatched`, // HASH id -> latest dispatched fire time (ms)
    locks: `${p}:locks`, // HASH id -> "owner|expires at": at most one job per monitor at a time (lua-finish-jobs.ts)
    // results, state and history
    state: (id: string) => `${p}:state:${id}`, // HASH
    runs: (id: string) => `${p}:runs:${id}`, // ZSET fire time -> run JSON (last 24 h, bounded)
    rollupHourly: (id: string) => `${p}:rollup:h:${id}`, // HASH bucket -> stats
    rollupDaily: (id: string) => `${p}:rollup:d:${id}`, // HASH bucket -> stats
    incidents: (id: string) => `${p}:incidents:${id}`, // LIST of incident JSON, newest first
    checkCounters: (id: string, node: string) => `${p}:check-counters:${id}:${node}`, // HASH a check's counters of one node at its last run (TTL)
    // pings of Did It Run monitors (lib/pings)
    pingTokens: `${p}:ping-tokens`, // HASH SHA-256 of a ping token (hex) -> monitor id
    ping: (id: string) => `${p}:ping:${id}`, // HASH: the token (hash and encrypted), last start, success, failure, run time
    pingLimit: (by: 'token' | 'client', value: string) => `${p}:ping-limit:${by}:${value}`, // STRING count in a window (PX)
    // alerting
    channel: (id: string) => `${p}:channel:${id}`, // HASH
    channelIds: `${p}:channels`, // ZSET id -> created at
    defaultChannel: `${p}:channel-default`, // STRING channel id
    outbox: `${p}:alerts:outbox`, // STREAM, consumer group OUTBOX_GROUP
    alertLog: `${p}:alerts:log`, // STREAM, capped
    alertsByMonitor: (id: string) => `${p}:alerts:monitor:${id}`, // LIST of alert ids, newest first
    // alert delivery (lib/alerts): per-alert status, per-channel queues, leases and pacing
    alert: (id: string) => `${p}:alert:${id}`, // HASH: the outbox fields + per-channel delivery status
    channelTags: `${p}:channel-tags`, // HASH channel id -> JSON tags: alerts of monitors with one of them also go there
    channelFingerprints: `${p}:channel-fingerprints`, // HASH webhook URL fingerprint -> channel id
    channelQueue: (id: string) => `${p}:channel-queue:${id}`, // LIST of alert ids waiting for that channel, in outbox order
    channelsWithWork: `${p}:channels-with-work`, // SET of channel ids whose queue is not empty
    channelLease: (id: string) => `${p}:channel-lease:${id}`, // STRING: the one sender delivering that channel now (PX)
    channelBucket: (id: string) => `${p}:channel-bucket:${id}`, // HASH token bucket: pacing shared by all senders
    systemAlert: (condition: string) => `${p}:system-alert:${condition}`, // STRING: raised once (SET NX)
    systemAlertSince: (condition: string) => `${p}:system-alert-since:${condition}`, // STRING ms: condition first seen
    redisMemoryAlert: `${p}:system-alert:redis-oom`, // HASH seen, armed: "armed" is deleted (allowed under OOM) to raise once
    writeProbe: `${p}:write-probe`, // STRING with a short TTL: set to learn whether Redis takes writes
    // maintenance windows (lib/maintenance)
    maintenanceWindows: `${p}:maintenance`, // HASH window id -> window JSON
    maintenanceVersion: `${p}:maintenance-version`, // STRING counter, raised by every window write: workers reread on a change
    // processes
    heartbeat: (role: 'controller' | 'worker', name: string) => `${p}:hb:${role}:${name}`, // STRING JSON with TTL
    heartbeats: (role: 'controller' | 'worker') => `${p}:hb:${role}s`, // ZSET name -> expires at (ms)
    // access
    adminPassword: `${p}:auth:admin`, // STRING scrypt hash of the admin password before users existed (adopted by the first admin)
    user: (id: string) => `${p}:user:${id}`, // HASH (lib/users/schema.ts)
    users: `${p}:users`, // ZSET user id -> created at
    userNames: `${p}:user-names`, // HASH user name -> id: names are unique
    activeAdmins: `${p}:user-admins`, // SET ids of enabled admins with a password: the last one stays
    invite: (hash: string) => `${p}:invite:${hash}`, // STRING user id, PX: a one-time link, under its token's SHA-256
    token: (id: string) => `${p}:token:${id}`, // HASH (lib/tokens/schema.ts)
    tokens: `${p}:tokens`, // ZSET token id -> created at
    tokenHashes: `${p}:token-hashes`, // HASH SHA-256 of a token -> token id
    userTokens: (userId: string) => `${p}:user-tokens:${userId}`, // SET token ids of a user
    audit: `${p}:audit`, // STREAM, capped by length and age (lib/audit)
    session: (id: string) => `${p}:session:${id}`,
    loginFailures: (client: string) => `${p}:auth:fail:${client}`,
    loginFailuresEverywhere: `${p}:auth:fail-everywhere`, // failed logins from all addresses (a backstop)
    meta: `${p}:meta`, // HASH: schema info, first-start markers
  };
}
