import { z } from 'zod';
import { checkbox, count, host, port, secret, timeoutMs } from '../fields';

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

/** I Watch Redis: a standalone server or a cluster; health, key count and IOPS each on or off. */
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
    if (!m.watchHealth && !m.watchKeys && !m.watchIops) issue('watchHealth', 'Turn on at least one of health, keys or IOPS');
  },
} as const;
