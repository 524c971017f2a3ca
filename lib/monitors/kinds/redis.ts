import { z } from 'zod';
import { checkbox, count, host, port, secret, timeoutMs, wholeNumber } from '../fields';

const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-_]+):(\d{1,5})$/;
const MAX_OTHER_NODES = 16;

const isHostPort = (node: string) => {
  const match = HOST_PORT.exec(node);
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 65535;
};
/** Further cluster nodes to ask when the first is unreachable: "host:port", a list or one text (comma or space separated). */
const otherNodes = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(/[\s,]+/).filter((s) => s.length > 0) : value ?? []),
  z.array(z.string({ error: 'Other cluster nodes must be host:port texts' }).trim(), { error: 'Other cluster nodes must be a list of host:port' })
    .max(MAX_OTHER_NODES, `Other cluster nodes: at most ${MAX_OTHER_NODES}`)
    .superRefine((nodes, ctx) => {
      const bad = nodes.find((node) => !isHostPort(node));
      if (bad !== undefined) ctx.addIssue({ code: 'custom', message: `Other cluster nodes: ${JSON.stringify(bad.slice(0, 60))} is not host:port` });
    }),
);

const between = (label: string, min: number, max: number, unit = '') =>
  wholeNumber(label).min(min, `${label} must be between ${min} and ${max}${unit}`).max(max, `${label} must be between ${min} and ${max}${unit}`);
const percent = (label: string) => between(label, 1, 100, ' %');
/** A rate may be a fraction: 0.5 evictions a second is one every two seconds. */
const rate = (label: string) => z.number({ error: `${label} must be a number` }).min(0, `${label} cannot be negative`).max(1e9, `${label} is too large`);

export const REDIS_ROLES = ['any', 'primary', 'replica'] as const;

/** The deeper conditions, each off unless turned on, with its threshold(s). */
const conditionFields = {
  watchMemory: checkbox,
  maxMemoryPct: percent('Max memory used').default(90),
  watchClients: checkbox,
  maxClientsPct: percent('Max clients').default(90),
  watchRejected: checkbox,
  maxRejected: count('Max rejected connections').default(0),
  watchEvictions: checkbox,
  maxEvictionsPerSec: rate('Max evicted keys per second').default(0),
  watchReplication: checkbox,
  expectedRole: z.enum(REDIS_ROLES, { error: 'Choose any, primary or replica' }).default('any'),
  maxLinkIdleSeconds: between('Max seconds since the last contact with the primary', 1, 86_400).default(30),
  maxOffsetLag: count('Max replication offset difference').default(1_000_000),
  minReplicas: count('Min connected replicas').default(1),
  watchClusterNodes: checkbox,
  watchClusterReplicas: checkbox,
  minReplicasPerPrimary: count('Min replicas per primary').default(1),
  watchPersistence: checkbox,
  maxRdbAgeHours: between('Max hours since the last RDB save', 1, 8760).default(24),
  watchLatency: checkbox,
  maxPingMs: between('Max PING round trip', 1, 60_000, ' ms').default(100),
};

export const REDIS_WATCHES = ['watchHealth', 'watchKeys', 'watchIops', 'watchMemory', 'watchClients', 'watchRejected', 'watchEvictions',
  'watchReplication', 'watchClusterNodes', 'watchClusterReplicas', 'watchPersistence', 'watchLatency'] as const;

/** I Watch Redis: a standalone server or a cluster; health, key count, IOPS and the deeper conditions each on or off. */
export const redisFields = z
  .object({
    kind: z.literal('redis'),
    host,
    port: port().default(6379),
    password: secret,
    mode: z.enum(['standalone', 'cluster'], { error: 'Choose standalone or cluster' }).default('standalone'),
    otherNodes,
    tls: checkbox,
    watchHealth: checkbox,
    watchKeys: checkbox,
    minKeys: count('Min keys').default(0),
    maxKeys: count('Max keys').default(1_000_000_000),
    watchIops: checkbox,
    minIops: count('Min IOPS').default(0),
    maxIops: count('Max IOPS').default(1_000_000),
    ...conditionFields,
    timeoutMs: timeoutMs(5000),
  });

export const redisKind = {
  kind: 'redis',
  displayName: 'I Watch Redis',
  fields: redisFields,
  secretFields: ['password'] as const,
  target: (m: { host: string; port: number }) => `${m.host}:${m.port}`,
  /** min ≤ max, reported on the max field, where the user will look. */
  refine(m: z.infer<typeof redisFields>, issue: (path: string, message: string) => void) {
    if (m.minKeys > m.maxKeys) issue('maxKeys', 'Max keys must be greater than or equal to min keys');
    if (m.minIops > m.maxIops) issue('maxIops', 'Max IOPS must be greater than or equal to min IOPS');
    if (!REDIS_WATCHES.some((watch) => m[watch])) issue('watchHealth', 'Turn on at least one condition: health, keys, IOPS or one below');
    if (m.mode !== 'cluster' && (m.watchClusterNodes || m.watchClusterReplicas)) {
      issue(m.watchClusterNodes ? 'watchClusterNodes' : 'watchClusterReplicas', 'Cluster conditions need the cluster mode');
    }
  },
} as const;
