import { Document, isMap, type YAMLMap } from 'yaml';
import { commonFields, kindSchemas, secretFieldsOf } from '../monitors';
import type { ServerChannel, ServerMonitor } from './plan';

/** What a file leaves out: bookkeeping, run-time state, and the config marks (written as `key`). */
const LEFT_OUT = new Set(['id', 'v', 'createdAt', 'updatedAt', 'state', 'secretsSet', 'mutedUntil', 'configKey', 'managedByConfig', 'channelIds', 'enabled']);

/** A key for a monitor that has none yet: its name in lowercase words, unique in the file. */
function keyFromName(name: string, taken: Set<string>): string {
  const base = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 90).replace(/-+$/, '') || 'monitor';
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  taken.add(key);
  return key;
}

/**
 * The monitors as a config file `apply` turns back into the same monitors. Secrets are never exported:
 * a set one is noted in a comment, and an apply without it keeps the server's value.
 */
export function exportMonitors(monitors: ServerMonitor[], channels: ServerChannel[]): string {
  const channelNames = new Map(channels.map((c) => [c.id, c.name]));
  const taken = new Set(monitors.map((m) => m.configKey).filter((k): k is string => Boolean(k)));
  const doc = new Document({ monitors: [] as unknown[] });
  const list = doc.get('monitors', true) as unknown as { add: (node: unknown) => void; items: YAMLMap[] };
  for (const monitor of [...monitors].sort((a, b) => a.name.localeCompare(b.name))) {
    const order = ['name', 'kind', ...Object.keys(kindSchemas[monitor.kind].shape).filter((f) => !(f in commonFields.shape) && f !== 'kind'), ...Object.keys(commonFields.shape)];
    const entry: Record<string, unknown> = { key: monitor.configKey ?? keyFromName(monitor.name, taken) };
    const secrets = new Set(secretFieldsOf(monitor.kind));
    for (const field of order) {
      if (LEFT_OUT.has(field) || secrets.has(field) || monitor[field] === undefined) continue;
      entry[field] = monitor[field];
    }
    if (!monitor.enabled) entry.enabled = false;
    const channelIds = (monitor.channelIds as string[] | undefined) ?? [];
    if (channelIds.length) entry.channels = channelIds.map((id) => channelNames.get(id) ?? id);
    const node = doc.createNode(entry) as YAMLMap;
    const setSecrets = [...secrets].filter((field) => (monitor.secretsSet as Record<string, boolean> | undefined)?.[field]);
    if (setSecrets.length && isMap(node)) {
      node.comment = ` ${setSecrets.join(', ')}: set on the server and kept by apply; to manage it here, write ${setSecrets[0]}: \${ENV_VAR}`;
    }
    list.add(node);
  }
  return doc.toString({ lineWidth: 0 });
}
