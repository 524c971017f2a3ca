import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeProblem, desiredMonitors, exportMonitors, planChanges, readConfigSources, type Env, type ServerMonitor } from '.';

function files(contents: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'imalert-config-'));
  for (const [name, text] of Object.entries(contents)) writeFileSync(join(dir, name), text);
  return dir;
}

function load(dir: string, env: Env = {}) {
  const { sources, problems } = readConfigSources([dir]);
  const desired = desiredMonitors(sources, env, 10);
  return { monitors: desired.monitors, problems: [...problems, ...desired.problems].map(describeProblem) };
}

const TCP = `monitors:
  - key: db
    name: Database
    kind: tcp
    host: db.internal
    port: 5432
    cron: "* * * * *"
    channels: [ops]
`;

/** A monitor as the API returns it, from a desired one (what the server would have stored). */
function stored(desired: { input: Record<string, unknown> }, extra: Partial<ServerMonitor> = {}): ServerMonitor {
  return { ...desired.input, id: 'm1', v: 2, createdAt: 1, updatedAt: 1, state: null, secretsSet: {}, channelIds: ['c1'], ...extra } as unknown as ServerMonitor;
}

describe('config files', () => {
  it('names file, line and field for every problem, and takes none of a bad file', () => {
    const dir = files({ 'a.yaml': `monitors:\n  - key: db\n    name: Db\n    kind: tcp\n    host: db\n    port: 99999\n    cron: "* * * * *"\n    colour: red\n` });
    const { monitors, problems } = load(dir);
    expect(monitors).toEqual([]);
    expect(problems).toEqual([
      `${join(dir, 'a.yaml')}:8: monitors[0].colour: unknown field for kind tcp`,
      `${join(dir, 'a.yaml')}:6: monitors[0].port: Port must be between 1 and 65535`,
    ]);
  });

  it('reports a YAML syntax error with its line', () => {
    const dir = files({ 'bad.yml': 'monitors:\n  - key: a\n   name: [unclosed\n' });
    const { problems } = load(dir);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(new RegExp(`^${join(dir, 'bad.yml')}:\\d+: `));
  });

  it('refuses a secret written in the file and an unset ${VAR}; resolves a set one', () => {
    const yaml = (password: string) => `monitors:\n  - key: cache\n    name: Cache\n    kind: redis\n    host: r\n    watchHealth: true\n    cron: "* * * * *"\n    password: ${password}\n`;
    expect(load(files({ 'a.yaml': yaml('hunter2') })).problems[0]).toMatch(/password: a secret is never written in a file/);
    expect(load(files({ 'a.yaml': yaml('${CACHE_PW}') })).problems[0]).toMatch(/password: \$\{CACHE_PW\} is not set/);
    const { monitors, problems } = load(files({ 'a.yaml': yaml('${CACHE_PW}') }), { CACHE_PW: 's3cret' });
    expect(problems).toEqual([]);
    expect(monitors[0].input.password).toBe('s3cret');
  });

  it('refuses a key used twice across files, an unknown kind, and run-time fields', () => {
    const dir = files({ 'a.yaml': TCP, 'b.yaml': TCP.replace('kind: tcp', 'kind: tcp\n    mutedUntil: 5'), 'c.yaml': 'monitors:\n  - key: x\n    kind: ping\n' });
    const { problems } = load(dir);
    expect(problems.some((p) => /b\.yaml:2: monitors\[0\]\.key: "db" is also the key of a monitor in .*a\.yaml:2/.test(p))).toBe(true);
    expect(problems.some((p) => /b\.yaml:\d+: monitors\[0\]\.mutedUntil: not allowed in a config file/.test(p))).toBe(true);
    expect(problems.some((p) => /c\.yaml:3: monitors\[0\]\.kind: kind must be one of/.test(p))).toBe(true);
  });

  it('plans a create, then nothing once the server holds it, then the changed fields only', () => {
    const [want] = load(files({ 'a.yaml': TCP })).monitors;
    const channels = [{ id: 'c1', name: 'Ops' }];
    const create = planChanges([want], [], channels);
    expect(create.changes).toMatchObject([{ action: 'create', key: 'db', body: { channelIds: ['c1'], configKey: 'db', managedByConfig: true } }]);
    expect(planChanges([want], [stored(want)], channels).changes).toEqual([]);
    const edited = stored(want, { port: 5433, enabled: false });
    const update = planChanges([want], [edited], channels);
    // A pause made at run time is kept: the file does not say `enabled`.
    expect(update.changes).toMatchObject([{ action: 'update', id: 'm1', fields: ['port'], body: { enabled: false, port: 5432 } }]);
  });

  it('adopts a hand-made monitor of the same name, and deletes managed ones no file names only with --prune', () => {
    const [want] = load(files({ 'a.yaml': TCP })).monitors;
    const handMade = stored(want, { id: 'm9', configKey: null, managedByConfig: false });
    expect(planChanges([want], [handMade], [{ id: 'c1', name: 'ops' }]).changes).toMatchObject([{ action: 'update', id: 'm9', fields: ['configKey', 'managedByConfig'] }]);
    const orphan = stored(want, { id: 'm2', configKey: 'old', name: 'Old' });
    expect(planChanges([], [orphan], []).changes).toEqual([]);
    expect(planChanges([], [orphan], []).orphans).toEqual([{ key: 'old', id: 'm2', name: 'Old' }]);
    expect(planChanges([], [orphan], [], { prune: true }).changes).toEqual([{ action: 'delete', key: 'old', id: 'm2', name: 'Old' }]);
  });

  it('names a channel the server does not have', () => {
    const [want] = load(files({ 'a.yaml': TCP })).monitors;
    expect(planChanges([want], [], []).problems.map(describeProblem)[0]).toMatch(/db\.channels: no channel named "ops" on the server/);
  });

  it('exports what apply reproduces: the export plans no change against the server it came from', () => {
    const secretYaml = `monitors:\n  - key: cache\n    name: Cache\n    kind: redis\n    host: r\n    watchHealth: true\n    cron: "* * * * *"\n    password: \${PW}\n`;
    const wanted = [...load(files({ 'a.yaml': TCP })).monitors, ...load(files({ 'b.yaml': secretYaml }), { PW: 'x' }).monitors];
    const server = wanted.map((w, i) => stored(w, { id: `m${i}`, channelIds: w.channels.length ? ['c1'] : [], password: w.kind === 'redis' ? '' : undefined, secretsSet: w.kind === 'redis' ? { password: true } : {} }));
    const yaml = exportMonitors(server, [{ id: 'c1', name: 'ops' }]);
    expect(yaml).not.toContain('x\n');
    expect(yaml).toMatch(/password: set on the server and kept by apply/);
    const again = load(files({ 'export.yaml': yaml }));
    expect(again.problems).toEqual([]);
    expect(planChanges(again.monitors, server, [{ id: 'c1', name: 'ops' }]).changes).toEqual([]);
  });
});
