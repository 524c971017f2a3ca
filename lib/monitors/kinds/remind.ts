import { z } from 'zod';
import { text } from '../fields';

/** Remind Me: every run sends its message. */
export const remindFields = z.object({
  kind: z.literal('remind'),
  message: text('Message', 2000, { multiLine: true }).min(1, 'Message is required'),
});

export const remindKind = {
  kind: 'remind',
  displayName: 'Remind Me',
  fields: remindFields,
  secretFields: [] as const,
  target: () => '—',
  refine() {},
} as const;
