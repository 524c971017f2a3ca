import type { AppContext } from '../lib/context';
import { kindDisplayName } from '../lib/monitors';
import { getStates, getUptime } from '../lib/results';

/**
 * The baseline: a dashboard that reads every monitor, every state and every uptime, then sorts and
 * cuts the first page in JavaScript (what a "load all, filter in the app" dashboard does), batched
 * and pipelined so it is not slower than it needs to be.
 */
export async function naiveDashboardPage(ctx: AppContext, limit = 50) {
  const ids = await ctx.redis.zrange(ctx.keys.monitorIds, 0, -1);
  const rows: { id: string; name: string; kind: string; status: string; uptime: number | null }[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const [listed, states, uptime] = await Promise.all([ctx.monitors.getMany(chunk), getStates(ctx, chunk), getUptime(ctx, chunk, '24h')]);
    listed.forEach(({ id, monitor }, j) => {
      if (monitor) rows.push({ id, name: monitor.name, kind: kindDisplayName(monitor.kind), status: states[j].state?.status ?? 'pending', uptime: uptime[id]?.uptimePct ?? null });
    });
  }
  const counts = { up: 0, down: 0, pending: 0 } as Record<string, number>;
  for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
  rows.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
  return { rows: rows.slice(0, limit), counts };
}
