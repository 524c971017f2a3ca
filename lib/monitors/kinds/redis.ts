import { z } from 'zod';
import { checkbox, count, host, port, secret, timeoutMs } from '../fields';

/** I Watch Redis: a standalone server or a cluster; health, key count and IOPS each on or off. */
export const redisFields = z
  .object({
    kind: z.literal('redis'),
    host,
    port: port().default(6379),
    password: secret,
    mode: z.enum(['standalone', 'cluster'], { error: 'Choose standalone or cluster' }).default('standalone'),
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
