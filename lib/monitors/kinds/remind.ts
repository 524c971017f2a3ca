import { z } from 'zod';

/** Remind Me: every run sends its message. */
export const remindFields = z.object({
  kind: z.literal('remind'),
  message: z.string({ error: 'Message is required' }).trim().min(1, 'Message is required').max(2000, 'Message is at most 2000 characters'),
});

export const remindKind = {
  kind: 'remind',
  displayName: 'Remind Me',
  fields: remindFields,
  secretFields: [] as const,
  target: () => '—',
  refine() {},
} as const;
