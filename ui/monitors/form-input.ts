/**
 * Turns a posted monitor form into the plain object the zod schema parses, the same way in the
 * browser (before submit) and in the server action. Empty inputs are left out so the schema's
 * defaults and "required" messages apply; an empty secret means "none" on create, "unchanged" on edit.
 */
export function formToMonitorInput(form: FormData): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string' || key.startsWith('$')) continue; // React's own action fields
    if (key === 'channelIds') continue;
    if (value.trim() === '' && key !== 'name') continue;
    input[key] = value;
  }
  input.name ??= '';
  input.channelIds = form.getAll('channelIds').filter((v): v is string => typeof v === 'string' && v !== '');
  return input;
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
