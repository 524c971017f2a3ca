import { UserError } from '@/lib/errors';
import { localMomentFromForm } from '@/ui/monitors/form-input';

/** Monitor names as typed: one a line or separated by commas. */
export function monitorNamesFromText(text: string): string[] {
  return [...new Set(text.split(/[\n,]+/).map((name) => name.trim()).filter(Boolean))];
}

/**
 * A posted maintenance window form as the JSON the schema takes. Times come from datetime inputs in the
 * browser's zone (with its offset), the duration as a number, monitors by name (`idOfName` finds each).
 */
export async function formToWindowInput(form: FormData, idOfName: (name: string) => Promise<string | null>): Promise<Record<string, unknown>> {
  const text = (key: string) => String(form.get(key) ?? '').trim();
  const type = text('type');
  const appliesTo = text('appliesTo') || 'all';
  const input: Record<string, unknown> = { type, name: text('name'), appliesTo };
  const errors: Record<string, string[]> = {};
  const moment = (field: string) => {
    try {
      input[field] = localMomentFromForm(form, field);
    } catch (error) {
      Object.assign(errors, (error as UserError).fieldErrors);
    }
  };
  if (type === 'once') {
    moment('startsAt');
    moment('endsAt');
  } else if (type === 'recurring') {
    input.cron = text('cron');
    input.timeZone = text('timeZone') || 'UTC';
    const minutes = text('durationMinutes');
    input.durationMinutes = /^\d{1,7}$/.test(minutes) ? Number(minutes) : minutes;
  }
  if (appliesTo === 'tag') input.tag = text('tag').toLowerCase() || null;
  if (appliesTo === 'monitors') {
    const names = monitorNamesFromText(String(form.get('monitorNames') ?? ''));
    const ids = await Promise.all(names.map(idOfName));
    const unknown = names.filter((_, i) => !ids[i]);
    if (unknown.length) errors.monitorIds = [`No monitor named ${unknown.map((n) => `“${n}”`).join(', ')}`];
    input.monitorIds = ids.filter(Boolean);
  }
  if (Object.keys(errors).length) throw new UserError('Please correct the highlighted fields.', errors);
  return input;
}
