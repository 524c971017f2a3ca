import { z } from 'zod';
import { host, port, timeoutMs } from '../fields';

/** Is It Reachable: a TCP connection within the timeout. */
export const tcpFields = z.object({
  kind: z.literal('tcp'),
  host,
  port: port(),
  timeoutMs: timeoutMs(5000),
});

export const tcpKind = {
  kind: 'tcp',
  displayName: 'Is It Reachable',
  fields: tcpFields,
  secretFields: [] as const,
  target: (m: { host: string; port: number }) => `${m.host}:${m.port}`,
  refine() {},
} as const;
