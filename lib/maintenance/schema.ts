import { z } from 'zod';
import { MAX_STORED_TIME_MS } from '../monitors/schema';
import { text, wholeNumber } from '../monitors/fields';
import { tagSchema } from '../monitors/tags';
import { CronError, nextFireTime, parseCron, scheduleProblem } from '../schedule';

/**
 * A maintenance window: one-off (start, end) or recurring (a cron, a duration, a time zone), for all
 * monitors, some monitors, or a tag. One schema for the form, the API and what Redis holds.
 */
export const MAINTENANCE_SCHEMA_VERSION = 1;
export const MAX_WINDOWS = 500;
export const MAX_WINDOW_MONITORS = 1000;
export const MAX_WINDOW_MS = 366 * 24 * 60 * 60 * 1000;
export const MAX_DURATION_MINUTES = 7 * 24 * 60;
export const APPLIES_TO = ['all', 'monitors', 'tag'] as const;

const time = (label: string) => wholeNumber(label).positive(`${label} must be a time`).max(MAX_STORED_TIME_MS, `${label} is too far ahead`);

const scopeFields = {
  name: text('Name', 100).min(1, 'Name is required'),
  appliesTo: z.enum(APPLIES_TO, { error: 'Applies to is all, monitors or tag' }).default('all'),
  monitorIds: z
    .array(z.string({ error: 'Monitor ids must be text' }).regex(/^[A-Za-z0-9_-]{1,40}$/, 'Monitor ids are letters, digits, - and _'), { error: 'Monitors must be a list of monitor ids' })
    .max(MAX_WINDOW_MONITORS, `At most ${MAX_WINDOW_MONITORS} monitors`)
    .default([]),
  tag: tagSchema.nullable().default(null),
};

const onceFields = z.object({ type: z.literal('once'), ...scopeFields, startsAt: time('Start'), endsAt: time('End') });
const recurringFields = z.object({
  type: z.literal('recurring'),
  ...scopeFields,
  cron: text('Schedule', 200).min(1, 'Schedule is required'),
  timeZone: text('Time zone', 100).min(1, 'Time zone is required').default('UTC'),
  durationMinutes: wholeNumber('Duration').min(1, 'Duration must be at least 1 minute').max(MAX_DURATION_MINUTES, `Duration is at most ${MAX_DURATION_MINUTES} minutes (a week)`),
});

const WINDOW_TYPE_ERROR = { error: 'Choose one-off (once) or recurring' };

/** Why the schedule of a recurring window cannot be used, or null. */
function recurrenceProblem(cron: string, timeZone: string): string | null {
  const problem = scheduleProblem(cron, timeZone, 1);
  if (problem) return problem;
  try {
    nextFireTime(parseCron(cron), timeZone, Date.now());
    return null;
  } catch (error) {
    if (error instanceof CronError) return error.message;
    throw error;
  }
}

/** What a person submits: the rules a new or edited window must meet (an ended one-off is refused). */
export const maintenanceInputSchema = z.discriminatedUnion('type', [onceFields, recurringFields], WINDOW_TYPE_ERROR).superRefine((w, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (w.appliesTo === 'monitors' && w.monitorIds.length === 0) issue('monitorIds', 'Choose at least one monitor');
  if (w.appliesTo === 'tag' && !w.tag) issue('tag', 'Choose a tag');
  if (w.type === 'once') {
    if (w.endsAt <= w.startsAt) issue('endsAt', 'The end must be after the start');
    else if (w.endsAt - w.startsAt > MAX_WINDOW_MS) issue('endsAt', 'A window lasts at most a year');
    else if (w.endsAt <= Date.now()) issue('endsAt', 'This window has already ended');
  } else if (w.cron && w.timeZone) {
    const problem = recurrenceProblem(w.cron, w.timeZone);
    if (problem) issue(/time zone/i.test(problem) ? 'timeZone' : 'cron', problem);
  }
});

export type MaintenanceInput = z.infer<typeof maintenanceInputSchema>;

const recordMeta = { id: z.string().regex(/^w[0-9a-f]{16}$/), v: z.literal(MAINTENANCE_SCHEMA_VERSION), createdAt: z.number().int(), updatedAt: z.number().int() };

/** A window as Redis holds it; the write rules are not checked again on read (an ended window stays readable). */
export const storedWindowSchema = z.discriminatedUnion('type', [onceFields.extend(recordMeta), recurringFields.extend(recordMeta)]);

export type MaintenanceWindow = z.infer<typeof storedWindowSchema>;
