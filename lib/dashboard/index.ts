import type { AppContext } from '../context';
import { listTags } from '../store/tags';
import { listWindows } from '../maintenance/store';
import type { WindowView } from '../maintenance/occurrences';
import { decodeCursor, encodeCursor, idOfMember } from './cursor';
import { buildRows } from './rows';
import { selectPage, type SelectTuning } from './select';
import { statusCounts, systemStatus } from './system';
import type { ActiveMaintenance, DashboardPage, DashboardQuery } from './types';

export { parseDashboardQuery, STATUS_FILTERS, type DashboardPage, type DashboardQuery, type DashboardRow, type StatusCounts, type SystemStatus } from './types';
export { statusCounts, systemStatus } from './system';

type Ctx = Pick<AppContext, 'redis' | 'keys' | 'monitors'>;

/**
 * One dashboard page with counts and the system strip. Reads indexes only: the cost follows the
 * page size, not the number of monitors.
 */
export async function dashboardPage(ctx: Ctx, query: DashboardQuery, tuning?: SelectTuning): Promise<DashboardPage> {
  const now = Date.now();
  const [selection, counts, system, tags, { windows }] = await Promise.all([
    selectPage(ctx, query, decodeCursor(query.after), tuning),
    statusCounts(ctx),
    systemStatus(ctx),
    listTags(ctx),
    listWindows(ctx, now),
  ]);
  const active = windows.filter((w) => w.state === 'active');
  const rows = await buildRows(ctx, selection.members.map(idOfMember), now, active);
  return {
    rows,
    counts,
    system,
    tags,
    maintenance: active.map(activeMaintenance),
    nextAfter: selection.next ? encodeCursor(selection.next) : null,
    matching: query.search || query.status || query.kind || query.tag ? selection.matching : counts.total,
    generatedAt: now,
  };
}
export { listMonitorsPage, toApiMonitor, type ApiMonitor } from './api-list';

function activeMaintenance(w: WindowView): ActiveMaintenance {
  const covers = w.appliesTo === 'all' ? 'all monitors' : w.appliesTo === 'tag' ? `tag ${w.tag}` : w.monitorIds.length === 1 ? '1 monitor' : `${w.monitorIds.length} monitors`;
  return { id: w.id, name: w.name, until: w.activeUntil!, covers };
}
