import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context';
import { UserError } from '../errors';
import { fieldErrorsOf } from '../monitors';
import { viewOf, type WindowView } from './occurrences';
import { MAX_WINDOWS, maintenanceInputSchema, MAINTENANCE_SCHEMA_VERSION, storedWindowSchema, type MaintenanceInput, type MaintenanceWindow } from './schema';

type Ctx = Pick<AppContext, 'redis' | 'keys' | 'monitors'>;

/** One-off windows that ended this long ago are dropped when a new window is made. */
export const ENDED_KEPT_MS = 7 * 24 * 60 * 60 * 1000;
/** "Maintenance for N minutes" on one monitor: at most a week. */
export const MAX_QUICK_MINUTES = 7 * 24 * 60;

const invalid = (fieldErrors: Record<string, string[]>) => new UserError('Please correct the highlighted fields.', fieldErrors);
const gone = () => new UserError('This maintenance window no longer exists.', {}, 'not-found');

/** A stored window, or undefined (with the reason) when its JSON no longer passes the schema. */
function parseWindow(id: string, json: string): { window?: MaintenanceWindow; error?: string } {
  try {
    const result = storedWindowSchema.safeParse(JSON.parse(json));
    if (result.success) return { window: result.data };
    return { error: result.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ') };
  } catch {
    return { error: `window ${id}: not valid JSON` };
  }
}

/** Every stored window that can be read, in start order; unreadable ones are named in `errors`. */
export async function readWindows(ctx: Pick<AppContext, 'redis' | 'keys'>): Promise<{ windows: MaintenanceWindow[]; errors: { id: string; error: string }[] }> {
  const all = await ctx.redis.hgetall(ctx.keys.maintenanceWindows);
  const windows: MaintenanceWindow[] = [];
  const errors: { id: string; error: string }[] = [];
  for (const [id, json] of Object.entries(all)) {
    const { window, error } = parseWindow(id, json);
    if (window) windows.push(window);
    else errors.push({ id, error: error ?? 'unreadable' });
  }
  return { windows: windows.sort((a, b) => a.createdAt - b.createdAt), errors };
}

/** The windows as pages and the API show them, at `now`. */
export async function listWindows(ctx: Pick<AppContext, 'redis' | 'keys'>, now = Date.now()): Promise<{ windows: WindowView[]; errors: { id: string; error: string }[] }> {
  const { windows, errors } = await readWindows(ctx);
  return { windows: windows.map((w) => viewOf(w, now)), errors };
}

export async function getWindow(ctx: Pick<AppContext, 'redis' | 'keys'>, id: string): Promise<MaintenanceWindow | undefined> {
  const json = await ctx.redis.hget(ctx.keys.maintenanceWindows, id);
  if (json === null) return undefined;
  const { window, error } = parseWindow(id, json);
  if (!window) throw new UserError(`This maintenance window cannot be read (${error}); delete it and make it again.`);
  return window;
}

/** The schema, then monitors that exist; only the scope's own field is kept (ids for monitors, the tag for a tag). */
async function validate(ctx: Ctx, input: unknown, previous?: MaintenanceWindow): Promise<MaintenanceInput> {
  const result = maintenanceInputSchema.safeParse(input);
  if (!result.success) throw invalid(fieldErrorsOf(result.error));
  const valid = result.data;
  const monitorIds = valid.appliesTo === 'monitors' ? [...new Set(valid.monitorIds)] : [];
  // A monitor deleted since the window was saved may stay in it; a new one must exist.
  const known = new Set(previous?.monitorIds ?? []);
  const found = await ctx.monitors.getMany(monitorIds.filter((id) => !known.has(id)));
  const missing = found.filter((m) => m.error === 'not found').map((m) => m.id);
  if (missing.length) throw invalid({ monitorIds: [`No such monitor: ${missing.join(', ')}`] });
  return { ...valid, monitorIds, tag: valid.appliesTo === 'tag' ? valid.tag : null };
}

async function save(ctx: Ctx, window: MaintenanceWindow, mode: 'create' | 'update'): Promise<MaintenanceWindow> {
  const stale: string[] = [];
  if (mode === 'create') {
    const cutoff = Date.now() - ENDED_KEPT_MS;
    for (const w of (await readWindows(ctx)).windows) if (w.type === 'once' && w.endsAt < cutoff) stale.push(w.id);
  }
  const outcome = await ctx.redis.imalertSaveWindow(ctx.keys.maintenanceWindows, ctx.keys.maintenanceVersion, window.id, JSON.stringify(window), mode, MAX_WINDOWS, ...stale);
  if (outcome === 'MISSING') throw gone();
  if (outcome === 'FULL') throw new UserError(`There are ${MAX_WINDOWS} maintenance windows already; delete some first.`, {}, 'conflict');
  if (outcome === 'EXISTS') throw new Error(`maintenance window id collision: ${window.id}`);
  return window;
}

export async function createWindow(ctx: Ctx, input: unknown): Promise<MaintenanceWindow> {
  const valid = await validate(ctx, input);
  const now = Date.now();
  return save(ctx, { ...valid, id: `w${randomBytes(8).toString('hex')}`, v: MAINTENANCE_SCHEMA_VERSION, createdAt: now, updatedAt: now }, 'create');
}

export async function updateWindow(ctx: Ctx, id: string, input: unknown): Promise<MaintenanceWindow> {
  const previous = await getWindow(ctx, id);
  if (!previous) throw gone();
  const valid = await validate(ctx, input, previous);
  return save(ctx, { ...valid, id, v: MAINTENANCE_SCHEMA_VERSION, createdAt: previous.createdAt, updatedAt: Date.now() }, 'update');
}

/** Ends an active one-off window now (its record stays, as ended); other windows are deleted instead. */
export async function endWindowNow(ctx: Ctx, id: string): Promise<MaintenanceWindow> {
  const window = await getWindow(ctx, id);
  if (!window) throw gone();
  const now = Date.now();
  if (window.type !== 'once' || window.endsAt <= now) throw new UserError('Only a one-off window that has not ended can be ended now; delete the others.');
  return save(ctx, { ...window, startsAt: Math.min(window.startsAt, now - 1), endsAt: now, updatedAt: now }, 'update');
}

export async function removeWindow(ctx: Pick<AppContext, 'redis' | 'keys'>, id: string): Promise<boolean> {
  return (await ctx.redis.imalertRemoveWindow(ctx.keys.maintenanceWindows, ctx.keys.maintenanceVersion, id)) === 1;
}

/** "Maintenance for N minutes": a one-off window for this monitor alone, from now. */
export async function startMonitorMaintenance(ctx: Ctx, monitorId: string, minutes: unknown): Promise<MaintenanceWindow> {
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > MAX_QUICK_MINUTES) {
    throw invalid({ minutes: [`Minutes must be a whole number from 1 to ${MAX_QUICK_MINUTES}`] });
  }
  const monitor = await ctx.monitors.get(monitorId);
  if (!monitor) throw new UserError('No monitor with this id.', {}, 'not-found');
  const now = Date.now();
  const name = Array.from(`${monitor.name}: maintenance for ${minutes} min`).slice(0, 100).join('');
  return createWindow(ctx, { type: 'once', name, appliesTo: 'monitors', monitorIds: [monitorId], startsAt: now, endsAt: now + minutes * 60_000 });
}
