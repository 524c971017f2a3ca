import { unstable_rethrow } from 'next/navigation';
import { GENERIC_ERROR_MESSAGE, isRedisUnavailable, isUserError } from '@/lib/errors';
import { createLogger } from '@/lib/log';
import { isRedisOutOfMemory } from '@/lib/redis';
import { echoValues, type FormState } from '@/ui/monitors/form-input';

const log = createLogger({ component: 'ui-actions' });

export const REDIS_UNAVAILABLE_FORM_MESSAGE = 'Redis is not reachable, so nothing was saved. Try again in a moment.';

/**
 * A failed action as the form shows it: a UserError's message and field errors as they are, a Redis
 * outage said as one (as the API's 503 does); anything else is logged and shown as a generic message,
 * never its text (it may hold internals). Next's own redirects and not-founds pass through.
 */
export function failedFormState(error: unknown, what: string, form?: FormData, secretFields: readonly string[] = []): FormState {
  unstable_rethrow(error);
  const values = form ? echoValues(form, secretFields) : undefined;
  if (isUserError(error)) return { errors: error.fieldErrors, message: error.message, values };
  if (isRedisUnavailable(error)) return { errors: {}, message: REDIS_UNAVAILABLE_FORM_MESSAGE, values };
  if (isRedisOutOfMemory(error)) return { errors: {}, message: 'Redis is out of memory, so nothing was saved.', values };
  log.error(`${what} failed`, { error });
  return { errors: {}, message: GENERIC_ERROR_MESSAGE, values };
}
