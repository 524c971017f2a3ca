import { writeFileSync } from 'node:fs';
import { describeChange, describeProblem, desiredMonitors, exportMonitors, planChanges, readConfigSources, type Change, type ConfigProblem, type DesiredMonitor, type Env, type Plan } from '../lib/config-files';
import { describeApiError, isApiError, type ApiClient } from './api-client';

export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Problems with files are all listed, then the command stops with nothing changed. */
function reportProblems(problems: ConfigProblem[], io: Output): boolean {
  for (const problem of problems) io.err(describeProblem(problem));
  if (problems.length) io.err(`${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was changed.`);
  return problems.length > 0;
}

export function loadFiles(paths: string[], env: Env, minIntervalSeconds: number): { monitors: DesiredMonitor[]; problems: ConfigProblem[] } {
  const { sources, problems } = readConfigSources(paths);
  const desired = desiredMonitors(sources, env, minIntervalSeconds);
  return { monitors: desired.monitors, problems: [...problems, ...desired.problems] };
}

export function validate(paths: string[], env: Env, minIntervalSeconds: number, io: Output): number {
  const { monitors, problems } = loadFiles(paths, env, minIntervalSeconds);
  if (reportProblems(problems, io)) return 1;
  io.out(`${monitors.length} monitor${monitors.length === 1 ? '' : 's'} valid.`);
  return 0;
}

async function makePlan(api: ApiClient, paths: string[], env: Env, minIntervalSeconds: number, options: { prune?: boolean; rotateSecrets?: boolean }, io: Output): Promise<Plan | null> {
  const { monitors, problems } = loadFiles(paths, env, minIntervalSeconds);
  if (reportProblems(problems, io)) return null;
  const [server, channels] = await Promise.all([api.listMonitors(), api.listChannels()]);
  const plan = planChanges(monitors, server, channels, options);
  return reportProblems(plan.problems, io) ? null : plan;
}

function printPlan(plan: Plan, io: Output) {
  for (const change of plan.changes) io.out(describeChange(change));
  if (plan.orphans.length && !plan.changes.some((c) => c.action === 'delete')) {
    io.out(`${plan.orphans.length} managed monitor${plan.orphans.length === 1 ? ' is' : 's are'} in no file any more (${plan.orphans.map((o) => o.key).join(', ')}); --prune deletes ${plan.orphans.length === 1 ? 'it' : 'them'}.`);
  }
  if (plan.changes.length === 0) io.out('No changes: the server matches the files.');
}

export async function plan(api: ApiClient, paths: string[], env: Env, minIntervalSeconds: number, options: { prune?: boolean; rotateSecrets?: boolean }, io: Output): Promise<number> {
  const made = await makePlan(api, paths, env, minIntervalSeconds, options, io);
  if (!made) return 1;
  printPlan(made, io);
  return 0;
}

/** Runs `tasks` with at most `limit` in flight. */
async function inParallel<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await task(items[next++]);
  }));
}

async function perform(api: ApiClient, change: Change): Promise<void> {
  if (change.action === 'create') await api.createMonitor(change.body);
  else if (change.action === 'update') await api.replaceMonitor(change.id, change.body);
  else await api.deleteMonitor(change.id);
}

export async function apply(api: ApiClient, paths: string[], env: Env, minIntervalSeconds: number, options: { prune?: boolean; rotateSecrets?: boolean }, io: Output): Promise<number> {
  const started = Date.now();
  const made = await makePlan(api, paths, env, minIntervalSeconds, options, io);
  if (!made) return 1;
  if (made.changes.length === 0) return printPlan(made, io), 0;
  const done = { create: 0, update: 0, delete: 0 };
  let failures = 0;
  await inParallel(made.changes, 8, async (change) => {
    try {
      await perform(api, change);
      done[change.action] += 1;
      io.out(describeChange(change));
    } catch (error) {
      if (!isApiError(error)) throw error;
      failures += 1;
      io.err(`! ${change.action} ${change.key} failed: ${describeApiError(error)}`);
    }
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.out(`Applied in ${seconds} s: ${done.create} created, ${done.update} updated, ${done.delete} deleted${failures ? `, ${failures} failed` : ''}.`);
  return failures ? 1 : 0;
}

export async function exportCommand(api: ApiClient, filters: Record<string, string>, file: string | undefined, io: Output): Promise<number> {
  const [monitors, channels] = await Promise.all([api.listMonitors(filters), api.listChannels()]);
  const yaml = exportMonitors(monitors, channels);
  if (file) {
    writeFileSync(file, yaml);
    io.out(`Wrote ${monitors.length} monitor${monitors.length === 1 ? '' : 's'} to ${file}.`);
  } else io.out(yaml.trimEnd());
  return 0;
}
