'use client';

import { startTransition, useActionState, useMemo, useState, type FormEvent } from 'react';
import { fieldErrorsOf, KINDS, monitorInputSchema, type MonitorKind } from '@/lib/monitors';
import { Field, FieldErrors } from './field';
import { ALERT_FIELDS, groupBySection, KIND_FIELDS, type FieldSpec } from './field-specs';
import { ScheduleFields } from './schedule-fields';
import { emptyFormState, formToMonitorInput, type FieldErrors as Errors, type FormState } from './form-input';

const TAGS_FIELD: FieldSpec = { name: 'tags', label: 'Tags', type: 'text', placeholder: 'db, prod', hint: 'Lowercase words, separated by commas or spaces: for the dashboard filter, alert routing and maintenance windows.' };

export interface ChannelOption {
  id: string;
  name: string;
}

export interface MonitorFormProps {
  kind: MonitorKind;
  minIntervalSeconds: number;
  action: (state: FormState, form: FormData) => Promise<FormState>;
  /** The stored monitor with secrets masked (edit), or nothing (create). */
  initial?: Record<string, unknown>;
  secretsSet?: Record<string, boolean>;
  channels: ChannelOption[];
  submitLabel: string;
}

/**
 * The form of one check kind. The same zod schema as the server checks it before it is sent, so most
 * mistakes show at once; the server action checks again (names are unique only there).
 */
export function MonitorForm({ kind, minIntervalSeconds, action, initial, secretsSet, channels, submitLabel }: MonitorFormProps) {
  const [state, formAction, pending] = useActionState(action, emptyFormState);
  const [clientErrors, setClientErrors] = useState<Errors | null>(null);
  const schema = useMemo(() => monitorInputSchema(minIntervalSeconds), [minIntervalSeconds]);
  const errors = clientErrors ?? state.errors;
  const values: Record<string, unknown> = state.values ?? initial ?? {};
  const valueOf = (spec: FieldSpec) => (spec.name in values ? values[spec.name] : state.values ? undefined : spec.defaultValue);
  const selectedChannels = new Set((values.channelIds as string[] | string | undefined) ?? []);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    // Dispatch ourselves: React would otherwise reset the form after the action, losing what was typed.
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = schema.safeParse(formToMonitorInput(form));
    if (!result.success) {
      setClientErrors(fieldErrorsOf(result.error));
      return;
    }
    setClientErrors(null);
    startTransition(() => formAction(form));
  }

  const message = clientErrors ? 'Please correct the highlighted fields.' : state.message;
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="monitor-form" aria-describedby="form-message">
      <input type="hidden" name="kind" value={kind} />
      <Field spec={{ name: 'name', label: 'Name', type: 'text' }} value={values.name} errors={errors.name} />
      <Field spec={TAGS_FIELD} value={Array.isArray(values.tags) ? values.tags.join(', ') : values.tags} errors={errors.tags} />
      <fieldset>
        <legend>{KINDS[kind].displayName} settings</legend>
        {groupBySection(KIND_FIELDS[kind]).map(({ section, fields }) => {
          const inputs = fields.map((spec) => <Field key={spec.name} spec={spec} value={valueOf(spec)} errors={errors[spec.name]} secretSet={secretsSet?.[spec.name]} />);
          if (!section) return inputs;
          const hintId = `section-${fields[0].name}-hint`;
          return (
            <fieldset key={section.title} className="field-section" aria-describedby={section.hint ? hintId : undefined}>
              <legend>{section.title}</legend>
              {section.hint && <p id={hintId} className="hint">{section.hint}</p>}
              {inputs}
            </fieldset>
          );
        })}
      </fieldset>
      <ScheduleFields
        cron={String(values.cron ?? '*/5 * * * *')}
        timeZone={String(values.timeZone ?? 'UTC')}
        minIntervalSeconds={minIntervalSeconds}
        errors={{ cron: errors.cron, timeZone: errors.timeZone }}
      />
      <fieldset>
        <legend>Alerts</legend>
        {ALERT_FIELDS.map((spec) => <Field key={spec.name} spec={spec} value={valueOf(spec)} errors={errors[spec.name]} />)}
        {channels.length > 0 && (
          <div className="field">
            <span id="channels-label">Alert channels (none checked = the default channel)</span>
            <div role="group" aria-labelledby="channels-label" aria-describedby="channelIds-error">
              {channels.map((c) => (
                <label key={c.id} className="inline">
                  <input type="checkbox" name="channelIds" value={c.id} defaultChecked={selectedChannels.has(c.id)} /> {c.name}
                </label>
              ))}
            </div>
            <FieldErrors id="channelIds-error" errors={errors.channelIds} />
          </div>
        )}
      </fieldset>
      <div id="form-message" aria-live="polite" className="form-message">
        {message && <p className={Object.keys(errors).length ? 'form-error' : 'notice'}>{message}</p>}
        <FieldErrors id="_form-error" errors={errors._form ?? errors.kind} />
      </div>
      <button type="submit" className="primary" disabled={pending}>{pending ? 'Saving…' : submitLabel}</button>
    </form>
  );
}

