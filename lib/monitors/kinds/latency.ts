import { z } from 'zod';
import { host, port, timeoutMs, wholeNumber } from '../fields';

/** Why Latency: TCP connect time against a maximum. */
export const latencyFields = z.object({
  kind: z.literal('latency'),
  host,
  port: port(),
  maxLatencyMs: wholeNumber('Max latency', ' of milliseconds')
    .min(1, 'Max latency must be at least 1 ms')
    .max(60_000, 'Max latency must be at most 60000 ms'),
  timeoutMs: timeoutMs(10_000),
});

export const latencyKind = {
  kind: 'latency',
  displayName: 'Why Latency',
  fields: latencyFields,
  secretFields: [] as const,
  target: (m: { host: string; port: number }) => `${m.host}:${m.port}`,
  refine(m: z.infer<typeof latencyFields>, issue: (path: string, message: string) => void) {
    if (m.timeoutMs < m.maxLatencyMs) issue('timeoutMs', 'Timeout must be at least the max latency');
  },
} as const;
