import { z } from 'zod';
import { checkbox, httpUrl, secret, text, timeoutMs } from '../fields';
import { stripCredentials } from '../target';

/** I Watch Elastic: GET {url}/_cluster/health, with basic auth when required. */
export const elasticFields = z.object({
  kind: z.literal('elastic'),
  url: httpUrl('Cluster URL'),
  user: text('User', 200).default(''),
  password: secret,
  authRequired: checkbox,
  watchHealth: checkbox,
  timeoutMs: timeoutMs(10_000),
});

export const elasticKind = {
  kind: 'elastic',
  displayName: 'I Watch Elastic',
  fields: elasticFields,
  secretFields: ['password'] as const,
  target: (m: { url: string }) => stripCredentials(m.url),
  refine(m: z.infer<typeof elasticFields>, issue: (path: string, message: string) => void) {
    if (m.authRequired && !m.user) issue('user', 'User is required when authentication is on');
  },
} as const;
