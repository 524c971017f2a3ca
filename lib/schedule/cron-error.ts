/** A cron expression or time zone a user wrote that we cannot use; the message is shown to them as is. */
export class CronError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronError';
  }
}
