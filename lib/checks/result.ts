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

/** Replaces every occurrence of each secret, in the message and anywhere in the details. */
export function redact(result: CheckResult, secrets: string[]): CheckResult {
  const present = secrets.filter((s) => s.length > 0);
  if (present.length === 0) return result;
  const scrub = (text: string, escape: (s: string) => string) =>
    present.reduce((out, secret) => out.split(escape(secret)).join('***'), text);
  const jsonEscaped = (s: string) => JSON.stringify(s).slice(1, -1);
  return {
    ...result,
    message: scrub(result.message, (s) => s),
    details: JSON.parse(scrub(JSON.stringify(result.details), jsonEscaped)) as Record<string, unknown>,
  };
}
