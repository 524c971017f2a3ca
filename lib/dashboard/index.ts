import type { AppContext } from '../context';
import { listTags } from '../store/tags';
import { decodeCursor, encodeCursor, idOfMember } from './cursor';
import { buildRows } from './rows';
import { selectPage, type SelectTuning } from './select';
import { statusCounts, systemStatus } from './system';
import type { DashboardPage, DashboardQuery } from './types';

export { parseDashboardQuery, STATUS_FILTERS, type DashboardPage, type DashboardQuery, type DashboardRow, type StatusCounts, type SystemStatus } from './types';
export { statusCounts, systemStatus } from './system';

type Ctx = Pick<AppContext, 'redis' | 'keys' | 'monitors'>;

/**
 * One dashboard page with counts and the system strip. Reads indexes only: the cost follows the
 * page size, not the number of monitors.
 */
export async function dashboardPage(ctx: Ctx, query: DashboardQuery, tuning?: SelectTuning): Promise<DashboardPage> {
  const now = Date.now();
  const [selection, counts, system, tags] = await Promise.all([
    selectPage(ctx, query, decodeCursor(query.after), tuning),
    statusCounts(ctx),
    systemStatus(ctx),
    listTags(ctx),
  ]);
  const rows = await buildRows(ctx, selection.members.map(idOfMember), now);
  return {
    rows,
    counts,
    system,
    tags,
    nextAfter: selection.next ? encodeCursor(selection.next) : null,
    matching: query.search || query.status || query.kind || query.tag ? selection.matching : counts.total,
    generatedAt: now,
  };
}
export { listMonitorsPage, toApiMonitor, type ApiMonitor } from './api-list';
