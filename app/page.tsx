import { redirect } from 'next/navigation';
import { sharedContext } from '@/lib/context';
import { dashboardPage, parseDashboardQuery, type DashboardPage, type DashboardQuery } from '@/lib/dashboard';
import { isUserError } from '@/lib/errors';
import { kindDisplayName, MONITOR_KINDS } from '@/lib/monitors';
import { roleAtLeast } from '@/lib/users/schema';
import { Dashboard } from '@/ui/dashboard/dashboard';
import { isRedisUnavailable } from './lib/api';
import { currentSession } from './lib/session';

export const dynamic = 'force-dynamic';

type Search = Record<string, string | string[] | undefined>;

export default async function DashboardPageRoute({ searchParams }: { searchParams: Promise<Search> }) {
  const params = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const query = pageQuery(params);
  const kinds = MONITOR_KINDS.map((kind) => ({ value: kind, label: kindDisplayName(kind) }));
  let initial: DashboardPage | null = null;
  let canEdit = false;
  try {
    // Without Redis no session can be checked: show the outage, and no data.
    const session = await currentSession();
    if (!session) redirect('/login');
    canEdit = roleAtLeast(session.user.role, 'editor');
    initial = await dashboardPage(sharedContext(), query);
  } catch (error) {
    if (!isRedisUnavailable(error)) throw error;
    // The page still loads and keeps polling: it fills in (or sends to /login) once Redis is back.
    return <Dashboard initial={null} initialQuery={query} kinds={kinds} redisDownAtStart />;
  }
  return <Dashboard initial={initial} initialQuery={query} kinds={kinds} canEdit={canEdit} />;
}

/** A bookmarked or hand-typed page address with a bad filter opens the unfiltered dashboard (the API says 400). */
function pageQuery(params: Record<string, string | undefined>): DashboardQuery {
  try {
    return parseDashboardQuery(params);
  } catch (error) {
    if (!isUserError(error)) throw error;
    return parseDashboardQuery({});
  }
}
