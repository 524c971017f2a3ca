import type { AppContext } from '../context';
import type { Monitor } from '../monitors';
import { getStates, type MonitorState } from '../results';
import { maskSecrets } from '../store';
import { decodeCursor, encodeCursor, idOfMember } from './cursor';
import { selectPage } from './select';
import type { DashboardQuery } from './types';

type Ctx = Pick<AppContext, 'redis' | 'keys' | 'monitors'>;

export type ApiMonitor = ReturnType<typeof maskSecrets> & { state: MonitorState | null };

/** One monitor for the REST API: its config with secrets masked, and its state. */
export function toApiMonitor(monitor: Monitor, state: MonitorState | undefined): ApiMonitor {
  return { ...maskSecrets(monitor), state: state ?? null };
}

/** A page of monitors for the REST API, chosen exactly as the dashboard chooses them. */
export async function listMonitorsPage(ctx: Ctx, query: DashboardQuery): Promise<{ monitors: ApiMonitor[]; errors: { id: string; error: string }[]; nextAfter: string | null }> {
  const selection = await selectPage(ctx, query, decodeCursor(query.after));
  const ids = selection.members.map(idOfMember);
  const [listed, states] = await Promise.all([ctx.monitors.getMany(ids), getStates(ctx, ids)]);
  const monitors: ApiMonitor[] = [];
  const errors: { id: string; error: string }[] = [];
  listed.forEach(({ id, monitor, error }, i) => {
    if (monitor) monitors.push(toApiMonitor(monitor, states[i].state));
    else errors.push({ id, error: error ?? 'unreadable' });
  });
  return { monitors, errors, nextAfter: selection.next ? encodeCursor(selection.next) : null };
}
