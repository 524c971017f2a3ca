import { secretFieldsOf, type MonitorKind } from '../monitors';
import type { DesiredMonitor } from './desired';
import type { ConfigProblem } from './source';

/** A monitor as the REST API returns it (secrets masked). */
export interface ServerMonitor extends Record<string, unknown> {
  id: string;
  name: string;
  kind: MonitorKind;
  configKey: string | null;
  managedByConfig: boolean;
  enabled: boolean;
  mutedUntil: number | null;
}

export interface ServerChannel {
  id: string;
  name: string;
}

export type Change =
  | { action: 'create'; key: string; name: string; body: Record<string, unknown> }
  | { action: 'update'; key: string; id: string; name: string; fields: string[]; body: Record<string, unknown> }
  | { action: 'delete'; key: string; id: string; name: string };

export interface Plan {
  changes: Change[];
  /** Managed monitors no file names any more: deleted only with --prune. */
  orphans: { key: string; id: string; name: string }[];
  problems: ConfigProblem[];
}

/** Compared field by field; the server's bookkeeping and the secrets (never given back) are not. */
const NOT_COMPARED = new Set(['id', 'v', 'createdAt', 'updatedAt', 'state', 'secretsSet', 'mutedUntil']);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What apply would do. A monitor is matched by its key; one without a key but with the same name is
 * adopted (so an export of hand-made monitors applies cleanly). Secrets cannot be compared — the server
 * never returns them — so they are sent with a create, with any update, and with every monitor under
 * `rotateSecrets`.
 */
export function planChanges(desired: DesiredMonitor[], server: ServerMonitor[], channels: ServerChannel[], options: { prune?: boolean; rotateSecrets?: boolean } = {}): Plan {
  const problems: ConfigProblem[] = [];
  const byKey = new Map<string, ServerMonitor>();
  for (const monitor of server) {
    if (!monitor.configKey) continue;
    const twin = byKey.get(monitor.configKey);
    if (twin) problems.push({ file: 'server', message: `key "${monitor.configKey}" is held by two monitors (${twin.id}, ${monitor.id}); delete or detach one` });
    byKey.set(monitor.configKey, monitor);
  }
  const byName = new Map(server.filter((m) => !m.configKey).map((m) => [m.name.toLowerCase(), m]));
  const channelIds = new Map(channels.map((c) => [c.name.toLowerCase(), c.id]));
  const changes: Change[] = [];
  for (const want of desired) {
    const unknown = want.channels.filter((name) => !channelIds.has(name.toLowerCase()));
    if (unknown.length) {
      problems.push({ file: want.file, line: want.line, field: `${want.key}.channels`, message: `no channel named ${unknown.map((n) => `"${n}"`).join(', ')} on the server` });
      continue;
    }
    const existing = byKey.get(want.key) ?? byName.get(String(want.input.name).toLowerCase());
    const body: Record<string, unknown> = { ...want.input, channelIds: want.channels.map((name) => channelIds.get(name.toLowerCase())) };
    if (!existing) {
      changes.push({ action: 'create', key: want.key, name: String(body.name), body });
      continue;
    }
    if (existing.kind !== want.kind) {
      problems.push({ file: want.file, line: want.line, field: `${want.key}.kind`, message: `the server's monitor is ${existing.kind}; a kind cannot change — give this one a new key` });
      continue;
    }
    // Pause and mute are run-time state: kept unless the file says enabled.
    if (!want.given.has('enabled')) body.enabled = existing.enabled;
    body.mutedUntil = existing.mutedUntil;
    const secrets = new Set(secretFieldsOf(want.kind));
    const fields = Object.keys(body).filter((field) => !NOT_COMPARED.has(field) && !secrets.has(field) && !same(body[field], existing[field]));
    if (options.rotateSecrets) fields.push(...[...secrets].filter((field) => body[field]));
    if (fields.length === 0) continue;
    changes.push({ action: 'update', key: want.key, id: existing.id, name: String(body.name), fields, body });
  }
  const wanted = new Set(desired.map((d) => d.key));
  const orphans = server.filter((m) => m.configKey && m.managedByConfig && !wanted.has(m.configKey)).map((m) => ({ key: m.configKey as string, id: m.id, name: m.name }));
  if (options.prune) changes.push(...orphans.map((o) => ({ action: 'delete' as const, ...o })));
  return { changes, orphans, problems };
}

/** One line a change, as plan and apply print them. */
export function describeChange(change: Change): string {
  if (change.action === 'create') return `+ create ${change.key} (${change.name})`;
  if (change.action === 'delete') return `- delete ${change.key} (${change.name})`;
  return `~ update ${change.key} (${change.name}): ${change.fields.join(', ')}`;
}
