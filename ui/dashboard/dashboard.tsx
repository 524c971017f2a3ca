'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { DashboardPage, DashboardQuery } from '@/lib/dashboard/types';
import { timestamp } from '@/ui/monitors/format';
import { MonitorTable } from './monitor-table';
import { StatusCountList, SystemStrip } from './summary';
import { DashboardFetchError, toSearchParams, useDashboard, type DashboardParams } from './use-dashboard';

interface Props {
  initial: DashboardPage | null;
  initialQuery: DashboardQuery;
  kinds: { value: string; label: string }[];
  /** The server could not reach Redis while rendering: show the outage until a poll succeeds. */
  redisDownAtStart?: boolean;
  /** Editors and admins see the controls that create monitors; viewers do not. */
  canEdit?: boolean;
}

/** The live dashboard: filters and paging live in the URL; the data is polled every 2 s. */
export function Dashboard({ initial, initialQuery, kinds, redisDownAtStart = false, canEdit = false }: Props) {
  const [status, setStatus] = useState(initialQuery.status ?? '');
  const [kind, setKind] = useState(initialQuery.kind ?? '');
  const [tag, setTag] = useState(initialQuery.tag ?? '');
  const [searchText, setSearchText] = useState(initialQuery.search ?? '');
  const [search, setSearch] = useState(initialQuery.search ?? '');
  // Cursors of the pages before this one, so "Previous" can go back.
  const [cursors, setCursors] = useState<string[]>(initialQuery.after ? [initialQuery.after] : []);
  const after = cursors[cursors.length - 1];
  const params: DashboardParams = { status: status || undefined, kind: kind || undefined, tag: tag || undefined, search: search || undefined, after, limit: initialQuery.limit };
  const isInitial = (initialQuery.status ?? '') === status && (initialQuery.kind ?? '') === kind && (initialQuery.tag ?? '') === tag
    && (initialQuery.search ?? '') === search && initialQuery.after === after;
  const query = useDashboard(params, isInitial ? initial ?? undefined : undefined);

  // Typing waits for a pause before asking the server.
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(searchText.trim());
      setCursors([]);
    }, 250);
    return () => clearTimeout(timer);
  }, [searchText]);

  const qs = toSearchParams({ ...params, limit: undefined }).toString();
  useEffect(() => {
    window.history.replaceState(null, '', qs ? `/?${qs}` : '/');
  }, [qs]);

  const data = query.data;
  const error = query.error instanceof DashboardFetchError ? query.error : query.error ? new DashboardFetchError(0, 'The dashboard could not be loaded; retrying.', false) : null;
  const redisDown = error ? error.redisDown : !data && redisDownAtStart;
  const choose = (set: (v: string) => void) => (value: string) => {
    set(value);
    setCursors([]);
  };

  return (
    <main>
      <div className="dashboard-head">
        <h1>Dashboard</h1>
        {canEdit && <Link href="/monitors/new" className="button primary">New monitor</Link>}
      </div>
      {redisDown && (
        <p className="banner banner-error" role="alert" data-testid="redis-down">
          Redis is not reachable.{' '}
          {data ? `The figures below are from ${new Date(data.generatedAt).toLocaleTimeString()}; ` : ''}this page updates by itself when Redis is back.
        </p>
      )}
      {error && !redisDown && error.status !== 401 && <p className="banner banner-error" role="alert">{error.message}</p>}
      <SystemStrip system={data?.system} redisDown={redisDown} />
      {data && data.maintenance.length > 0 && (
        <section className="banner banner-maintenance" aria-label="Maintenance under way" data-testid="maintenance-banner">
          <strong>Maintenance:</strong>{' '}
          {data.maintenance.map((w, i) => (
            <span key={w.id}>{i > 0 && '; '}{w.name} ({w.covers}) until {timestamp(w.until)}</span>
          ))}
          {' · '}checks run, alerts wait. <Link href="/maintenance">Maintenance windows</Link>
        </section>
      )}
      {data && <StatusCountList counts={data.counts} active={status || undefined} onSelect={(s) => choose(setStatus)(s ?? '')} />}

      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="filter-search">Search by name</label>
          <input id="filter-search" type="search" value={searchText} onChange={(e) => setSearchText(e.target.value)} placeholder="e.g. prod redis" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" value={status} onChange={(e) => choose(setStatus)(e.target.value)}>
            <option value="">Any</option>
            <option value="down">Down</option>
            <option value="up">Up</option>
            <option value="pending">Pending</option>
            <option value="paused">Paused</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-kind">Kind</label>
          <select id="filter-kind" value={kind} onChange={(e) => choose(setKind)(e.target.value)}>
            <option value="">Any</option>
            {kinds.map((k) => <option key={k.value} value={k.value}>{k.label}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-tag">Tag</label>
          <select id="filter-tag" value={tag} onChange={(e) => choose(setTag)(e.target.value)}>
            <option value="">Any</option>
            {/* A tag from the address that no monitor carries any more still shows as chosen. */}
            {tag && !data?.tags.some((t) => t.tag === tag) && <option value={tag}>{tag}</option>}
            {data?.tags.map((t) => <option key={t.tag} value={t.tag}>{`${t.tag} (${t.monitors})`}</option>)}
          </select>
        </div>
        <p className="muted" aria-live="polite" data-testid="matching">
          {data ? describeMatches(data, initialQuery.limit) : 'Loading…'}
        </p>
      </form>

      {data && data.rows.length === 0 ? (
        <p className="card" data-testid="dashboard-empty">
          {data.counts.total === 0 ? canEdit ? <>No monitors yet. <Link href="/monitors/new">Create the first one</Link>.</> : 'No monitors yet.' : 'No monitor matches these filters on this page.'}
        </p>
      ) : data ? (
        <MonitorTable rows={data.rows} now={data.generatedAt} onTag={choose(setTag)} />
      ) : null}

      <nav className="pager" aria-label="Pages">
        <button type="button" onClick={() => setCursors((c) => c.slice(0, -1))} disabled={!cursors.length}>Previous</button>
        <button type="button" onClick={() => data?.nextAfter && setCursors((c) => [...c, data.nextAfter!])} disabled={!data?.nextAfter}>Next</button>
      </nav>
    </main>
  );
}

function describeMatches(data: DashboardPage, limit: number): string {
  const shown = `${data.rows.length} shown`;
  const matching = data.matching === null ? '' : `${data.matching} matching · `;
  // A sparse filter or search reads a bounded part of the list per request.
  const partial = data.nextAfter && data.rows.length < limit ? ' · part of the list searched so far, Next searches on' : '';
  return `${matching}${shown}${partial}`;
}
