import { KINDS, type MonitorKind } from '../monitors/registry';
import type { Monitor } from '../monitors/schema';
import type { CheckResult } from './types';

/** What a removed secret reads as. */
export const REDACTED = '***';

/** A tail this short of a cut-off secret says too little to be worth hiding. */
const MIN_CUT_TAIL = 4;

const base64Forms = (value: string) => {
  const b64 = Buffer.from(value, 'utf8').toString('base64');
  return [b64, b64.replace(/=+$/, ''), Buffer.from(value, 'utf8').toString('base64url')];
};

/** The monitor's own secrets as typed: its secret fields, a password in its URL, and the user they go with. */
function plainSecrets(monitor: Monitor): { secrets: string[]; pairs: string[] } {
  const record = monitor as unknown as Record<string, unknown>;
  const kind = record.kind as MonitorKind;
  const fields: readonly string[] = Object.hasOwn(KINDS, kind) ? KINDS[kind].secretFields : [];
  // Most monitors have no secret and no credentials in a URL: nothing to build on every run.
  if (fields.length === 0 && !(typeof record.url === 'string' && record.url.includes('@'))) return { secrets: [], pairs: [] };
  const secrets = fields.map((field) => record[field]).filter((v): v is string => typeof v === 'string' && v.length > 0);
  // A secret made of parts (header lines, an API key's id and key) may come back one part at a time.
  const partsOf = (KINDS[kind] as { secretParts?: (m: unknown) => string[] }).secretParts;
  if (partsOf && secrets.length > 0) secrets.push(...partsOf(record).filter((part) => part.length > 0));
  const user = typeof record.user === 'string' ? record.user : '';
  const pairs = secrets.map((secret) => `${user}:${secret}`);
  if (typeof record.url === 'string' && URL.canParse(record.url)) {
    const { username, password } = new URL(record.url);
    if (password) {
      const plain = safeDecode(password);
      secrets.push(password, plain);
      pairs.push(`${safeDecode(username)}:${plain}`);
    }
  }
  return { secrets, pairs };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Every form a secret may come back in from a target that echoes what it was sent: as typed,
 * base64 (a Basic header holds base64 of "user:password"), URL-encoded, form-encoded. Longest first,
 * so a longer form is removed whole before a shorter one inside it.
 */
export function secretForms(monitor: Monitor): string[] {
  const { secrets, pairs } = plainSecrets(monitor);
  if (secrets.length === 0) return [];
  const forms = new Set<string>();
  for (const secret of secrets) {
    forms.add(secret);
    forms.add(secret.replace(/\s+/g, ' ').trim()); // as an excerpt folds whitespace
    forms.add(encodeURIComponent(secret));
    forms.add(encodeURIComponent(secret).replace(/%20/g, '+'));
    for (const form of base64Forms(secret)) forms.add(form);
  }
  for (const pair of pairs) for (const form of [...base64Forms(pair), encodeURIComponent(pair)]) forms.add(form);
  return [...forms].filter((form) => form.length > 0).sort((a, b) => b.length - a.length);
}

/** Text without any of the forms; before each … (where a text was cut) a secret's beginning goes too. */
export function redactText(text: string, forms: string[]): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return out.includes('…') ? out.split('…').map((part, i, all) => (i < all.length - 1 ? withoutCutSecret(part, forms) : part)).join('…') : out;
}

function withoutCutSecret(part: string, forms: string[]): string {
  for (const form of forms) {
    for (let length = form.length - 1; length >= MIN_CUT_TAIL; length -= 1) {
      if (part.endsWith(form.slice(0, length))) return `${part.slice(0, part.length - length)}${REDACTED}`;
    }
  }
  return part;
}

function redactValue(value: unknown, forms: string[]): unknown {
  if (typeof value === 'string') return redactText(value, forms);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, forms));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redactText(key, forms), redactValue(item, forms)]));
  }
  return value;
}

/** The outcome of a check with the monitor's own secrets removed from its message and every detail. */
export function redactOutcome(result: CheckResult, monitor: Monitor): CheckResult {
  const forms = secretForms(monitor);
  if (forms.length === 0) return result;
  return { ...result, message: redactText(result.message, forms), details: redactValue(result.details, forms) as Record<string, unknown> };
}
