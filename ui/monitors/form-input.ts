import { z } from 'zod';
import { commonFields, isMonitorKind, kindSchemas, tagsFromText } from '@/lib/monitors';
import { UserError } from '@/lib/errors';

/** The JSON type a schema field takes once defaults, optional and nullable are looked through. */
function jsonTypeOf(field: z.ZodType | undefined): string | undefined {
  let def = field?.def as { type: string; innerType?: z.ZodType } | undefined;
  while (def && def.innerType && ['default', 'optional', 'nullable', 'prefault'].includes(def.type)) def = def.innerType.def as typeof def;
  return def?.type;
}

/** A decimal number as a form posts it; anything else (hex, blanks inside, words) stays text for the schema to refuse. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Form strings to the JSON types the schema takes: numbers only from decimals, switches from "on". */
function convert(type: string | undefined, value: string): unknown {
  const trimmed = value.trim();
  if (type === 'number') return DECIMAL.test(trimmed) ? Number(trimmed) : value;
  if (type === 'boolean') return trimmed === 'on' || trimmed === 'true' ? true : trimmed === 'off' || trimmed === 'false' ? false : value;
  return value;
}

/**
 * Turns a posted monitor form into the plain object the zod schema parses, the same way in the
 * browser (before submit) and in the server action. Empty inputs are left out so the schema's
 * defaults and "required" messages apply; an empty secret means "none" on create, "unchanged" on edit.
 */
export function formToMonitorInput(form: FormData): Record<string, unknown> {
  const kind = form.get('kind');
  const shape: Record<string, z.ZodType> = { ...commonFields.shape, ...(isMonitorKind(kind) ? kindSchemas[kind].shape : {}) };
  const input: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string' || key.startsWith('$')) continue; // React's own action fields
    if (key === 'channelIds' || key === 'tags') continue;
    if (value.trim() === '' && key !== 'name') continue;
    input[key] = Object.hasOwn(shape, key) ? convert(jsonTypeOf(shape[key]), value) : value;
  }
  input.name ??= '';
  input.channelIds = form.getAll('channelIds').filter((v): v is string => typeof v === 'string' && v !== '');
  const tags = form.get('tags');
  input.tags = typeof tags === 'string' ? tagsFromText(tags) : [];
  return input;
}

/** A local date and time from a datetime input, and the browser's offset from UTC in minutes. */
const localMomentForm = z.object({
  moment: z.string({ error: 'Choose a date and time' }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Choose a date and time'),
  tzOffset: z
    .string()
    .regex(/^[+-]?\d{1,4}$/, 'The time zone offset must be a whole number of minutes')
    .transform(Number)
    .refine((minutes) => Math.abs(minutes) <= 14 * 60, 'The time zone offset must be within 14 hours')
    .default(0),
});

/** The moment a datetime input of the form names (UTC ms), read with the form's tzOffset. A bad one is a UserError on `field`. */
export function localMomentFromForm(form: FormData, field: string): number {
  const result = localMomentForm.safeParse({ moment: form.get(field) ?? undefined, tzOffset: form.get('tzOffset') || undefined });
  if (!result.success) {
    const errors = z.flattenError(result.error).fieldErrors;
    throw new UserError('Choose a date and time.', { [field]: [...(errors.moment ?? []), ...(errors.tzOffset ?? [])] });
  }
  const [y, mo, d, h, mi] = result.data.moment.split(/[-T:]/).map(Number);
  const local = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(local);
  // Date.UTC rolls 31 February over into March: such a date was not a real one.
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59) {
    throw new UserError('Choose a date and time.', { [field]: ['That date does not exist'] });
  }
  return local + result.data.tzOffset * 60_000;
}

/** The moment the mute form names (UTC ms); the store checks it lies ahead. A bad form is a UserError. */
export function muteEndFromForm(form: FormData): number {
  return localMomentFromForm(form, 'mutedUntil');
}

export type FieldErrors = Record<string, string[] | undefined>;

/** What a form action returns: errors beside each field, a message above the form, and what was typed. */
export interface FormState {
  /** Set when the action did what was asked; the message is then a confirmation, not an error. */
  ok?: boolean;
  errors: FieldErrors;
  message: string;
  values?: Record<string, string>;
}

export const emptyFormState: FormState = { errors: {}, message: '' };

/** The typed values to put back into the form after a failed submit: never a secret. */
export function echoValues(form: FormData, secretFields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string' && !key.startsWith('$') && !secretFields.includes(key)) out[key] = value;
  }
  return out;
}
