/**
 * An error whose message is written for the person using imalert: safe to show in the browser,
 * the API or a Slack message. Anything else is logged and shown as a generic message.
 */
export class UserError extends Error {
  readonly fieldErrors: Record<string, string[]>;

  constructor(message: string, fieldErrors: Record<string, string[]> = {}) {
    super(message);
    this.name = 'UserError';
    this.fieldErrors = fieldErrors;
  }
}

/** A stored record that no longer passes its schema; names the record so an operator can find it. */
export class CorruptRecordError extends Error {
  constructor(readonly recordId: string, detail: string) {
    super(`Stored record ${recordId} is unreadable: ${detail}`);
    this.name = 'CorruptRecordError';
  }
}

/** A bad environment variable: the process stops with this message, naming the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const GENERIC_ERROR_MESSAGE = 'Something went wrong on our side. It has been logged.';

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
