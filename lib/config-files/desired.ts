import { CONFIG_KEY, fieldErrorsOf, isMonitorKind, KINDS, kindSchemas, monitorInputSchema, secretFieldsOf, type MonitorKind } from '../monitors';
import { lineOf, type ConfigProblem, type ConfigSource } from './source';

/** Environment variables, for ${VAR} references. */
export type Env = Record<string, string | undefined>;

/** A monitor as a config file wants it: the API input it becomes, channels still by name. */
export interface DesiredMonitor {
  key: string;
  file: string;
  line?: number;
  kind: MonitorKind;
  /** Validated by the monitor schema, with secrets resolved from the environment; no channel ids yet. */
  input: Record<string, unknown>;
  channels: string[];
  /** The fields the file names (a field it leaves out takes the schema's default, except `enabled`). */
  given: Set<string>;
}

/** Fields a file must not set: the server's bookkeeping and what an operator changes at run time. */
const NOT_IN_FILES: Record<string, string> = {
  id: 'ids are the server\'s; the key names a monitor',
  v: 'the server\'s bookkeeping',
  createdAt: 'the server\'s bookkeeping',
  updatedAt: 'the server\'s bookkeeping',
  state: 'the server\'s bookkeeping',
  secretsSet: 'the server\'s bookkeeping',
  configKey: 'write it as key',
  managedByConfig: 'every monitor of a file is managed by it',
  mutedUntil: 'a mute is set at run time (UI, API), not in files',
  channelIds: 'name channels instead: channels: [ops]',
};

const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const WHOLE_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

/** Reads `monitors:` from every file; each problem names file, line and field, and a bad monitor is left out. */
export function desiredMonitors(sources: ConfigSource[], env: Env, minIntervalSeconds: number): { monitors: DesiredMonitor[]; problems: ConfigProblem[] } {
  const schema = monitorInputSchema(minIntervalSeconds);
  const monitors: DesiredMonitor[] = [];
  const problems: ConfigProblem[] = [];
  const keysSeen = new Map<string, string>();
  for (const source of sources) {
    const root = source.doc.toJS() as unknown;
    const list = root && typeof root === 'object' && !Array.isArray(root) ? (root as Record<string, unknown>).monitors : undefined;
    if (root === null || root === undefined) continue;
    if (!Array.isArray(list)) {
      problems.push({ file: source.file, line: lineOf(source, ['monitors']), message: 'expected a list under "monitors:"' });
      continue;
    }
    list.forEach((raw, index) => {
      const at = (field?: string) => ({ file: source.file, line: lineOf(source, field ? ['monitors', index, field] : ['monitors', index]), field: `monitors[${index}]${field ? `.${field}` : ''}` });
      const found: ConfigProblem[] = [];
      const problem = (field: string | undefined, message: string) => found.push({ ...at(field), message });
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return void problems.push({ ...at(), message: 'a monitor is a map of fields' });
      const entry = raw as Record<string, unknown>;
      const key = entry.key;
      if (typeof key !== 'string' || !CONFIG_KEY.test(key)) problem('key', 'every monitor needs a key: 1-100 lowercase letters, digits, . _ or -');
      else if (keysSeen.has(key)) problem('key', `"${key}" is also the key of a monitor in ${keysSeen.get(key)}`);
      else keysSeen.set(key, `${source.file}:${at().line ?? '?'}`);
      if (!isMonitorKind(entry.kind)) return void problems.push(...found, { ...at('kind'), message: `kind must be one of ${Object.keys(KINDS).join(', ')}` });
      const kind = entry.kind;
      const known = new Set([...Object.keys(kindSchemas[kind].shape), 'key', 'channels']);
      for (const field of Object.keys(entry)) {
        if (NOT_IN_FILES[field]) problem(field, `not allowed in a config file: ${NOT_IN_FILES[field]}`);
        else if (!known.has(field)) problem(field, `unknown field for kind ${kind}`);
      }
      const channels = entry.channels ?? [];
      if (!Array.isArray(channels) || channels.some((c) => typeof c !== 'string' || c.trim() === '')) problem('channels', 'a list of channel names');
      const secrets = new Set(secretFieldsOf(kind));
      const input: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(entry)) {
        if (field === 'key' || field === 'channels' || NOT_IN_FILES[field]) continue;
        if (secrets.has(field) && typeof value === 'string' && value !== '' && !WHOLE_REFERENCE.test(value)) {
          problem(field, `a secret is never written in a file: write it as \${ENV_VAR} and set that variable`);
          continue;
        }
        input[field] = resolveReferences(value, env, (name) => problem(field, `\${${name}} is not set in the environment`));
      }
      const parsed = schema.safeParse({ ...input, channelIds: [], configKey: typeof key === 'string' ? key : null, managedByConfig: true });
      if (!parsed.success) {
        for (const [field, messages] of Object.entries(fieldErrorsOf(parsed.error))) {
          for (const message of messages) problem(field === '_form' ? undefined : field, message);
        }
      }
      if (found.length || !parsed.success) return void problems.push(...found);
      monitors.push({ key: key as string, file: source.file, line: at().line, kind, input: parsed.data as Record<string, unknown>, channels: (channels as string[]).map((c) => c.trim()), given: new Set(Object.keys(entry)) });
    });
  }
  return { monitors, problems };
}

/** `${NAME}` in any text becomes the variable's value; an unset (or empty) one is a problem. */
function resolveReferences(value: unknown, env: Env, unset: (name: string) => void): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REFERENCE, (_whole, name: string) => {
      const resolved = env[name];
      if (resolved === undefined || resolved === '') unset(name);
      return resolved ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolveReferences(item, env, unset));
  return value;
}
