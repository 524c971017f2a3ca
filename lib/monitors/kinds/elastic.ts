import { z } from 'zod';
import { checkbox, httpUrl, optionalLimit, secret, secretText, text, timeoutMs } from '../fields';
import { stripCredentials } from '../target';
import { refineTls, tlsFields } from '../tls';

const percent = (label: string) => optionalLimit(label, { min: 1, max: 100, whole: false, unit: '%' });

/**
 * I Watch Elastic: GET {url}/_cluster/health (and, for the node conditions, _nodes/stats and
 * _cluster/settings), with basic auth or an API key. Each threshold left empty is off.
 */
export const elasticFields = z.object({
  kind: z.literal('elastic'),
  url: httpUrl('Cluster URL'),
  authRequired: checkbox,
  authMethod: z.enum(['basic', 'apiKey'], { error: 'Authentication is basic or apiKey' }).default('basic'),
  user: text('User', 200).default(''),
  password: secret,
  apiKey: secretText('API key', 1000),
  watchHealth: checkbox,
  maxRelocatingShards: optionalLimit('Max relocating shards'),
  maxInitializingShards: optionalLimit('Max initializing shards'),
  maxPendingTasks: optionalLimit('Max pending tasks'),
  minNodes: optionalLimit('Min nodes', { min: 1 }),
  minDataNodes: optionalLimit('Min data nodes', { min: 1 }),
  maxHeapPercent: percent('Max JVM heap used'),
  maxDiskPercent: percent('Max disk used'),
  watchDiskWatermark: checkbox,
  ...tlsFields,
  timeoutMs: timeoutMs(10_000),
});

/** An encoded API key is base64 of "id:key"; a target may echo the key alone. */
function apiKeyParts(apiKey: string): string[] {
  let decoded: string;
  try {
    decoded = atob(apiKey);
  } catch {
    return [];
  }
  const colon = decoded.indexOf(':');
  return /^[\x21-\x7e]+$/.test(decoded) && colon > 0 ? [decoded, decoded.slice(colon + 1)] : [];
}

export const elasticKind = {
  kind: 'elastic',
  displayName: 'I Watch Elastic',
  fields: elasticFields,
  secretFields: ['password', 'apiKey'] as const,
  secretParts: (m: { apiKey: string }) => (m.apiKey ? apiKeyParts(m.apiKey) : []),
  target: (m: { url: string }) => stripCredentials(m.url),
  refine(m: z.infer<typeof elasticFields>, issue: (path: string, message: string) => void) {
    if (m.authRequired && m.authMethod === 'basic' && !m.user) issue('user', 'User is required when authentication is on');
    refineTls(m, issue);
  },
} as const;
