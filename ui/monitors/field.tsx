import type { FieldSpec } from './field-specs';

/** One labelled input with its errors beside it, announced to screen readers. */
export function Field({ spec, value, errors, secretSet }: { spec: FieldSpec; value: unknown; errors?: string[]; secretSet?: boolean }) {
  const id = `field-${spec.name}`;
  const errorId = `${spec.name}-error`;
  const writeOnly = spec.type === 'password' || spec.type === 'secret-lines';
  const hintId = spec.hint || writeOnly ? `${spec.name}-hint` : undefined;
  const describedBy = [errors?.length ? errorId : '', hintId ?? ''].filter(Boolean).join(' ') || undefined;
  const common = { id, name: spec.name, 'aria-describedby': describedBy, 'aria-invalid': errors?.length ? true : undefined } as const;
  const text = value === undefined || value === null ? '' : String(value);

  let input;
  if (spec.type === 'checkbox') {
    const checked = value === true || value === 'on' || value === 'true';
    input = <input {...common} type="checkbox" defaultChecked={checked} />;
  } else if (spec.type === 'select') {
    input = (
      <select {...common} defaultValue={text}>
        {spec.options?.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    );
  } else if (spec.type === 'textarea') {
    input = <textarea {...common} defaultValue={text} rows={3} />;
  } else if (spec.type === 'secret-lines') {
    // Write-only like a password: the stored value never comes back; empty keeps it.
    input = <textarea {...common} defaultValue="" rows={3} autoComplete="off" spellCheck={false} placeholder={secretSet ? '•••••• (unchanged)' : ''} />;
  } else if (spec.type === 'password') {
    // Write-only: the stored value never comes back; empty keeps it.
    input = <input {...common} type="password" autoComplete="new-password" defaultValue="" placeholder={secretSet ? '•••••• (unchanged)' : ''} />;
  } else {
    input = <input {...common} type={spec.type === 'number' ? 'number' : 'text'} defaultValue={text} placeholder={spec.placeholder} />;
  }

  return (
    <div className={`field field-${spec.type}`}>
      <label htmlFor={id}>{spec.label}</label>
      {input}
      {hintId && (
        <p id={hintId} className="hint">
          {writeOnly ? `${spec.hint ? `${spec.hint} ` : ''}${secretSet ? 'A value is stored. Leave empty to keep it.' : 'Stored encrypted; never shown again.'}` : spec.hint}
        </p>
      )}
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}

export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <div id={id} className="field-errors" aria-live="polite" aria-atomic="true">
      {errors?.map((e) => <p className="field-error" key={e}>{e}</p>)}
    </div>
  );
}
