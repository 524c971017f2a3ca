import type { CheckResult } from './types';

/** Results as checks build them; `runCheck` stamps the real duration. */
export function passed(message: string, details: Record<string, unknown> = {}): CheckResult {
  return { ok: true, durationMs: 0, message, details };
}

export function failed(message: string, details: Record<string, unknown> = {}): CheckResult {
  return { ok: false, durationMs: 0, message, details };
}

/** Messages end up in Slack and in the UI: long ones are cut, with a mark that they were. */
export const MAX_MESSAGE_CHARS = 2000;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
