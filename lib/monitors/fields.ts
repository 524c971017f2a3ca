import { z } from 'zod';

/**
 * Field builders shared by the check-kind schemas. They take JSON values (API, storage): numbers as
 * numbers, booleans as booleans. A form posts strings; ui/monitors/form-input.ts converts them first.
 */
export const MAX_TIMEOUT_MS = 60_000;

/** C0 and C1 controls, DEL, and the invisible marks that reorder text (bidi overrides, isolates, marks). */
/* eslint-disable no-control-regex -- matching control characters is what these are for */
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/* eslint-enable no-control-regex */

export function hasControlCharacters(text: string, multiLine = false): boolean {
  return (multiLine ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).test(text);
}

export const controlCharactersMessage = (label: string) => `${label} must not contain control characters or text-direction marks`;

/** Free text a person types; `multiLine` also allows tab and line breaks. */
export const text = (label: string, max: number, { multiLine = false, trim = true } = {}) =>
  (trim ? z.string({ error: `${label} is required` }).trim() : z.string({ error: `${label} must be text` }))
    .max(max, `${label} is at most ${max} characters`)
    .refine((value) => !hasControlCharacters(value, multiLine), controlCharactersMessage(label));

/** A whole number in JSON: no strings, arrays or booleans. */
export const wholeNumber = (label: string, unit = '') =>
  z.number({ error: `${label} must be a number` }).int(`${label} must be a whole number${unit}`);

export const port = (label = 'Port') =>
  wholeNumber(label).min(1, `${label} must be between 1 and 65535`).max(65535, `${label} must be between 1 and 65535`);

export const host = z
  .string({ error: 'Host is required' })
  .trim()
  .min(1, 'Host is required')
  .max(253, 'Host is at most 253 characters')
  // Empty is "Host is required" alone, not also "must be a host name".
  .regex(/^[A-Za-z0-9.\-:[\]_]*$/, 'Host must be a host name or an IP address');

export const httpUrl = (label = 'URL') =>
  text(label, 2000)
    .min(1, `${label} is required`)
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
      } catch {
        return false;
      }
    }, `${label} must start with http:// or https://`)
    // A URL is shown on pages and in Slack; credentials inside it would not stay secret.
    .refine((value) => !/^[a-z]+:\/\/[^/?#]*@/i.test(value), `${label} must not contain a user name or password (it is shown on pages and in alerts)`);

export const timeoutMs = (def: number) =>
  wholeNumber('Timeout', ' of milliseconds')
    .min(100, 'Timeout must be at least 100 ms')
    .max(MAX_TIMEOUT_MS, `Timeout must be at most ${MAX_TIMEOUT_MS} ms`)
    .default(def);

export const count = (label: string) => wholeNumber(label).min(0, `${label} cannot be negative`).max(Number.MAX_SAFE_INTEGER, `${label} is too large`);

/** A switch: true or false; absent is false. */
export const checkbox = z.boolean({ error: 'Must be true or false' }).default(false);

/** How lib/crypto/secrets.ts marks a sealed value; the schema reads stored records as well as input. */
const SEALED_PREFIX = 'enc:v1:';

/** The longest sealed form of a secret of `max` characters (UTF-8 up to 4 bytes each, base64url, key id, iv, tag). */
const sealedLength = (max: number) => SEALED_PREFIX.length + 100 + Math.ceil((max * 4 * 4) / 3);

/**
 * A secret as the user typed it (at most `max` characters), or as stored (sealed, longer); empty means
 * none (on create) or unchanged (on edit).
 */
export const secretText = (label: string, max: number, { multiLine = false } = {}) =>
  z.string({ error: `${label} must be text` })
    .max(sealedLength(max), `${label} is at most ${max} characters`)
    .refine((value) => value.startsWith(SEALED_PREFIX) || value.length <= max, `${label} is at most ${max} characters`)
    .refine((value) => !hasControlCharacters(value, multiLine), controlCharactersMessage(label))
    .default('');

export const secret = secretText('Password', 1000);

/** A threshold that is off when left empty (null). */
export const optionalLimit = (label: string, { min = 0, max = Number.MAX_SAFE_INTEGER, whole = true, unit = '' } = {}) =>
  (whole ? wholeNumber(label) : z.number({ error: `${label} must be a number` }))
    .min(min, `${label} must be at least ${min}${unit}`)
    .max(max, `${label} must be at most ${max}${unit}`)
    .nullable()
    .default(null);
