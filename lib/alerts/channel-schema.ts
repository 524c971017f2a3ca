import { z } from 'zod';
import { UserError } from '../errors';
import { text } from '../monitors/fields';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** A Slack incoming-webhook URL: https, or plain http only on loopback (a local stand-in in tests). */
export const webhookUrlSchema = z
  .string({ error: 'The webhook URL is required' })
  .trim()
  .min(1, 'The webhook URL is required')
  .max(500, 'The webhook URL is at most 500 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
    } catch {
      return false;
    }
  }, 'Enter the full webhook URL, starting with https:// (e.g. https://hooks.slack.com/services/…)');

/** Shown on pages and in Slack: no control characters or marks that reorder text, like monitor names. */
export const channelNameSchema = text('The name', 80).min(1, 'The name is required');

export function parseField<T>(schema: z.ZodType<T>, field: string, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const messages = result.error.issues.map((issue) => issue.message);
    throw new UserError(messages[0] ?? `Invalid ${field}`, { [field]: messages });
  }
  return result.data;
}

/** The URL as it may be shown: host and the last 4 characters, e.g. hooks.slack.com/…/x9Zq. */
export function maskWebhookUrl(raw: string): string {
  try {
    const url = new URL(raw);
    const tail = `${url.pathname}${url.search}`.replace(/\/+$/, '');
    return tail.length > 4 ? `${url.host}/…/${tail.slice(-4)}` : `${url.host}/…`;
  } catch {
    return '…';
  }
}
