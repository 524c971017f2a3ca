/**
 * Errors are recognised by their `code`, never by `instanceof`: the Next build holds several copies of
 * this module (one per bundle) and the shared context on globalThis throws from whichever came first.
 */
export const USER_ERROR = 'USER_ERROR';
export const CORRUPT_RECORD = 'CORRUPT_RECORD';
export const CONFIG_ERROR = 'CONFIG_ERROR';

/**
 * An error whose message is written for the person using imalert: safe to show in the browser,
 * the API or a Slack message. Anything else is logged and shown as a generic message.
 */
export class UserError extends Error {
  readonly code = USER_ERROR;
  readonly fieldErrors: Record<string, string[]>;
  /** What kind of mistake: the API answers 400, 409 or 404 for it; a form shows it the same way. */
  readonly reason: UserErrorReason;

  constructor(message: string, fieldErrors: Record<string, string[]> = {}, reason: UserErrorReason = 'invalid') {
    super(message);
    this.name = 'UserError';
    this.fieldErrors = fieldErrors;
    this.reason = reason;
  }
}

export type UserErrorReason = 'invalid' | 'conflict' | 'not-found';

/** A stored record that no longer passes its schema; names the record so an operator can find it. */
export class CorruptRecordError extends Error {
  readonly code = CORRUPT_RECORD;

  constructor(readonly recordId: string, detail: string) {
    super(`Stored record ${recordId} is unreadable: ${detail}`);
    this.name = 'CorruptRecordError';
  }
}

/** A bad environment variable: the process stops with this message, naming the variable. */
export class ConfigError extends Error {
  readonly code = CONFIG_ERROR;

  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const GENERIC_ERROR_MESSAGE = 'Something went wrong on our side. It has been logged.';

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code && typeof (error as { message?: unknown }).message === 'string';
}

export function isUserError(error: unknown): error is UserError {
  if (!hasCode(error, USER_ERROR)) return false;
  const fieldErrors = (error as { fieldErrors?: unknown }).fieldErrors;
  return typeof fieldErrors === 'object' && fieldErrors !== null;
}

export function isCorruptRecordError(error: unknown): error is CorruptRecordError {
  return hasCode(error, CORRUPT_RECORD) && typeof (error as { recordId?: unknown }).recordId === 'string';
}

export function isConfigError(error: unknown): error is ConfigError {
  return hasCode(error, CONFIG_ERROR);
}

/** ioredis's codes and messages for a server that is down, unreachable, frozen or still loading. */
const REDIS_UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);
const REDIS_UNAVAILABLE_TEXT =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EPIPE|Connection is closed|Command timed out|MaxRetriesPerRequest|max retries per request|Stream isn't writeable|enableOfflineQueue|connect ETIMEDOUT|^LOADING /i;

/**
 * A Redis connection problem (refused, reset, a command or connect timeout of a frozen server): the API
 * answers 503 and a form says "Redis is not reachable" instead of a generic error.
 */
export function isRedisUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string' && REDIS_UNAVAILABLE_CODES.has(code)) return true;
  if (name === 'MaxRetriesPerRequestError') return true;
  return REDIS_UNAVAILABLE_TEXT.test(typeof message === 'string' ? message : '');
}

export const REDIS_UNAVAILABLE_MESSAGE = 'Redis is not reachable.';
