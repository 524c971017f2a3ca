'use client';

import { startTransition, useActionState, useState, useSyncExternalStore, type FormEvent } from 'react';
import { FieldErrors } from '@/ui/monitors/field';
import { emptyFormState, type FormState } from '@/ui/monitors/form-input';

/** A window as the form starts from: a stored one (edit) or the defaults (new). */
export interface WindowFormValues {
  name: string;
  type: 'once' | 'recurring';
  startsAt: number | null;
  endsAt: number | null;
  cron: string;
  timeZone: string;
  durationMinutes: string;
  appliesTo: 'all' | 'monitors' | 'tag';
  tag: string;
  monitorNames: string;
}

const noSubscription = () => () => undefined;
const browserOffset = () => new Date().getTimezoneOffset();
const serverOffset = () => 0;
const onBrowser = () => true;
const onServer = () => false;

/** A time as a datetime-local input shows it, in the browser's zone. */
function localInput(ms: number | null): string {
  if (ms === null) return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function Field({ id, label, errors, hint, children }: { id: string; label: string; errors?: string[]; hint?: string; children: React.ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <p className="hint">{hint}</p>}
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  );
}

/** Create or edit a maintenance window: one-off or recurring, for all monitors, some, or a tag. */
export function WindowForm({ action, initial, tags, submitLabel, idPrefix = 'window' }: {
  action: (state: FormState, form: FormData) => Promise<FormState>;
  initial: WindowFormValues;
  tags: string[];
  submitLabel: string;
  idPrefix?: string;
}) {
  const [type, setType] = useState(initial.type);
  const [appliesTo, setAppliesTo] = useState(initial.appliesTo);
  // A saved window leaves an empty form for the next one.
  const [generation, setGeneration] = useState(0);
  const [state, formAction, pending] = useActionState(async (previous: FormState, form: FormData) => {
    const next = await action(previous, form);
    if (next.ok) {
      setGeneration((g) => g + 1);
      setType(initial.type);
      setAppliesTo(initial.appliesTo);
    }
    return next;
  }, emptyFormState);
  const typed = state.ok ? undefined : state.values;
  const offset = useSyncExternalStore(noSubscription, browserOffset, serverOffset);
  // Stored times are shown in the browser's zone, known only after hydration.
  const hydrated = useSyncExternalStore(noSubscription, onBrowser, onServer);
  const e = state.ok ? {} : state.errors;
  const id = (name: string) => `${idPrefix}-${name}`;
  const described = (name: string) => ({ id: id(name), name, 'aria-describedby': `${id(name)}-error`, 'aria-invalid': e[name] ? true : undefined });
  const value = (name: keyof WindowFormValues) => typed?.[name] ?? String(initial[name] ?? '');
  const moment = (name: 'startsAt' | 'endsAt') => typed?.[name] ?? (hydrated ? localInput(initial[name]) : '');
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    // Dispatch ourselves: React would otherwise reset the form after the action, losing what was typed.
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => formAction(form));
  }

  return (
    <form key={generation} action={formAction} onSubmit={onSubmit} className="card window-form" aria-describedby={id('message')}>
      <input type="hidden" name="tzOffset" value={offset} />
      <Field id={id('name')} label="Name" errors={e.name}><input {...described('name')} defaultValue={value('name')} /></Field>
      <fieldset>
        <legend>When</legend>
        <label className="inline"><input type="radio" name="type" value="once" checked={type === 'once'} onChange={() => setType('once')} /> One-off</label>
        <label className="inline"><input type="radio" name="type" value="recurring" checked={type === 'recurring'} onChange={() => setType('recurring')} /> Recurring</label>
        <FieldErrors id={id('type-error')} errors={e.type} />
        {type === 'once' ? (
          <>
            <Field id={id('startsAt')} label="Starts" errors={e.startsAt}><input key={`s${hydrated}`} {...described('startsAt')} type="datetime-local" defaultValue={moment('startsAt')} /></Field>
            <Field id={id('endsAt')} label="Ends" errors={e.endsAt}><input key={`e${hydrated}`} {...described('endsAt')} type="datetime-local" defaultValue={moment('endsAt')} /></Field>
          </>
        ) : (
          <>
            <Field id={id('cron')} label="Starts on the schedule (cron)" errors={e.cron} hint="e.g. 0 2 * * 0: Sundays at 02:00"><input {...described('cron')} defaultValue={value('cron')} /></Field>
            <Field id={id('timeZone')} label="Time zone" errors={e.timeZone}><input {...described('timeZone')} defaultValue={value('timeZone') || 'UTC'} /></Field>
            <Field id={id('durationMinutes')} label="Lasts (minutes)" errors={e.durationMinutes}><input {...described('durationMinutes')} type="number" defaultValue={value('durationMinutes')} /></Field>
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>For</legend>
        <Field id={id('appliesTo')} label="Applies to" errors={e.appliesTo}>
          <select {...described('appliesTo')} value={appliesTo} onChange={(ev) => setAppliesTo(ev.target.value as WindowFormValues['appliesTo'])}>
            <option value="all">All monitors</option>
            <option value="tag">Monitors with a tag</option>
            <option value="monitors">Some monitors</option>
          </select>
        </Field>
        {appliesTo === 'tag' && (
          <Field id={id('tag')} label="Tag" errors={e.tag}>
            <input {...described('tag')} list={id('tags')} defaultValue={value('tag')} />
            <datalist id={id('tags')}>{tags.map((t) => <option key={t} value={t} />)}</datalist>
          </Field>
        )}
        {appliesTo === 'monitors' && (
          <Field id={id('monitorNames')} label="Monitor names (one a line)" errors={e.monitorIds}>
            <textarea id={id('monitorNames')} name="monitorNames" rows={3} aria-describedby={`${id('monitorNames')}-error`} defaultValue={value('monitorNames')} />
          </Field>
        )}
      </fieldset>
      <div id={id('message')} aria-live="polite" className="form-message">
        {state.message && <p className={state.ok ? 'notice' : 'form-error'}>{state.message}</p>}
      </div>
      <button type="submit" className="primary" disabled={pending}>{pending ? 'Saving…' : submitLabel}</button>
    </form>
  );
}
