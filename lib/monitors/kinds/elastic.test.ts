import { describe, expect, it } from 'vitest';
import { fieldErrorsOf, monitorInputSchema } from '../schema';

const schema = monitorInputSchema(1);
const elastic = (extra: Record<string, unknown>) => schema.safeParse({ kind: 'elastic', name: 'logs', cron: '* * * * *', url: 'https://es.internal:9200', ...extra });
const errorsOf = (extra: Record<string, unknown>) => {
  const parsed = elastic(extra);
  return parsed.success ? {} : fieldErrorsOf(parsed.error);
};

describe('I Watch Elastic: settings', () => {
  it('reads a monitor saved before the node conditions existed: every new one off, basic auth as before', () => {
    const parsed = elastic({ user: 'elastic', password: 'pw', authRequired: true, watchHealth: true });
    expect(parsed.success && parsed.data).toMatchObject({
      authMethod: 'basic', apiKey: '', maxRelocatingShards: null, maxInitializingShards: null, maxPendingTasks: null, minNodes: null,
      minDataNodes: null, maxHeapPercent: null, maxDiskPercent: null, watchDiskWatermark: false, caCert: '', tlsInsecure: false,
    });
  });

  it('takes an API key instead of a user, and percentages with decimals', () => {
    expect(elastic({ authRequired: true, authMethod: 'apiKey', apiKey: 'abc', maxHeapPercent: 85.5, maxDiskPercent: 90, minNodes: 3 }).success).toBe(true);
  });

  it('says what is wrong', () => {
    expect(errorsOf({ authRequired: true })).toMatchObject({ user: ['User is required when authentication is on'] });
    expect(errorsOf({ authMethod: 'token' }).authMethod).toEqual(['Authentication is basic or apiKey']);
    expect(errorsOf({ maxHeapPercent: 101 }).maxHeapPercent).toEqual(['Max JVM heap used must be at most 100%']);
    expect(errorsOf({ minNodes: 0 }).minNodes).toEqual(['Min nodes must be at least 1']);
    expect(errorsOf({ maxPendingTasks: 1.5 }).maxPendingTasks).toEqual(['Max pending tasks must be a whole number']);
    expect(errorsOf({ maxRelocatingShards: '3' }).maxRelocatingShards).toEqual(['Max relocating shards must be a number']);
    expect(errorsOf({ tlsInsecure: true, caCert: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }).tlsInsecure).toEqual(['Choose a CA certificate or no verification, not both']);
  });
});
