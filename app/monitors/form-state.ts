import { GENERIC_ERROR_MESSAGE, isUserError } from '@/lib/errors';
import { createLogger } from '@/lib/log';
import { echoValues, type FormState } from '@/ui/monitors/form-input';

const log = createLogger({ component: 'ui-actions' });

/**
 * A failed action as the form shows it: a UserError's message and field errors as they are; anything
 * else is logged and shown as a generic message, never its text (it may hold internals).
 */
export function failedFormState(error: unknown, what: string, form?: FormData, secretFields: readonly string[] = []): FormState {
  const values = form ? echoValues(form, secretFields) : undefined;
  if (isUserError(error)) return { errors: error.fieldErrors, message: error.message, values };
  log.error(`${what} failed`, { error });
  return { errors: {}, message: GENERIC_ERROR_MESSAGE, values };
}
