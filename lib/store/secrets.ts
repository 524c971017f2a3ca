import { decryptSecret, encryptSecret, type Keyring } from '../crypto/secrets';
import { secretFieldsOf, type Monitor, type MonitorInput } from '../monitors';

type Bag = Record<string, unknown>;

/**
 * Secret fields in, ciphertext out. Whatever the user typed is encrypted, whatever it looks like; an
 * empty secret keeps the stored ciphertext (an edit, a pause, a copy), so the browser never holds it.
 */
export function sealSecrets<T extends MonitorInput>(input: T, previous: Monitor | undefined, ring: Keyring): T {
  const out: Bag = { ...input };
  for (const field of secretFieldsOf(input.kind)) {
    const value = String(out[field] ?? '');
    if (value === '') out[field] = previous && previous.kind === input.kind ? (previous as Bag)[field] ?? '' : '';
    else out[field] = encryptSecret(value, ring);
  }
  return out as T;
}

/** The monitor with its secrets in plain text, for the check that needs them (worker only). A stored secret is always a ciphertext. */
export function openSecrets(monitor: Monitor, ring: Keyring): Monitor {
  const out: Bag = { ...monitor };
  for (const field of secretFieldsOf(monitor.kind)) {
    const value = String(out[field] ?? '');
    out[field] = value ? decryptSecret(value, ring) : '';
  }
  return out as Monitor;
}

/** For anything shown to people: a secret is only "set" or "not set", never its value. */
export function maskSecrets(monitor: Monitor): Monitor & { secretsSet: Record<string, boolean> } {
  const out: Bag = { ...monitor };
  const secretsSet: Record<string, boolean> = {};
  for (const field of secretFieldsOf(monitor.kind)) {
    secretsSet[field] = Boolean(out[field]);
    out[field] = '';
  }
  return { ...(out as Monitor), secretsSet };
}
