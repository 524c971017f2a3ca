'use client';

import { useState } from 'react';

/** A secret shown once (a new token, a one-time link): selectable, with a copy button. */
export function SecretOnce({ label, value, testId }: { label: string; value: string; testId: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <div className="secret-once">
      <p><strong>{label}</strong> (shown only now):</p>
      <p><code data-testid={testId} className="secret-value">{value}</code></p>
      <button type="button" onClick={copy}>{copied ? 'Copied' : 'Copy'}</button>
    </div>
  );
}
