import { z } from 'zod';
import { httpUrl, text, timeoutMs } from '../fields';
import { stripCredentials } from '../target';

/** Check My Health: GET the url; 2xx and the expected text in the body. */
export const httpFields = z.object({
  kind: z.literal('http'),
  url: httpUrl('URL'),
  expectedText: text('Expected text', 1000, { trim: false }).default(''),
  timeoutMs: timeoutMs(10_000),
});

export const httpKind = {
  kind: 'http',
  displayName: 'Check My Health',
  fields: httpFields,
  secretFields: [] as const,
  target: (m: { url: string }) => stripCredentials(m.url),
  refine() {},
} as const;
