'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DashboardPage } from '@/lib/dashboard/types';

export interface DashboardParams {
  status?: string;
  kind?: string;
  tag?: string;
  search?: string;
  after?: string;
  limit?: number;
}

export class DashboardFetchError extends Error {
  constructor(readonly status: number, message: string, readonly redisDown: boolean) {
    super(message);
  }
}

export function toSearchParams(params: DashboardParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') out.set(key, String(value));
  return out;
}

async function fetchDashboard(params: DashboardParams): Promise<DashboardPage> {
  const response = await fetch(`/api/dashboard?${toSearchParams(params)}`, { cache: 'no-store' });
  if (response.status === 401) {
    // The session ended (expired, logged out elsewhere, password reset): go log in again.
    // A full page load on purpose: nothing of the ended session stays in the browser.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign('/login');
    throw new DashboardFetchError(401, 'Your session has ended.', false);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string; redisDown?: boolean };
    throw new DashboardFetchError(response.status, body.error ?? `The server answered ${response.status}.`, Boolean(body.redisDown));
  }
  return response.json() as Promise<DashboardPage>;
}

/** Polls the dashboard data every 2 s; keeps showing the last page while a new one loads or Redis is away. */
export function useDashboard(params: DashboardParams, initial: DashboardPage | undefined) {
  return useQuery({
    queryKey: ['dashboard', params],
    queryFn: () => fetchDashboard(params),
    initialData: initial,
    refetchInterval: 2000,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
