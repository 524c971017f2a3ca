import type { StatusCounts, SystemStatus } from '@/lib/dashboard/types';

const STATUS_LABELS = { up: 'Up', down: 'Down', pending: 'Pending', paused: 'Paused' } as const;

export function StatusCountList({ counts, active, onSelect }: { counts: StatusCounts; active?: string; onSelect(status: string | undefined): void }) {
  return (
    <ul className="counts" aria-label="Monitors per status">
      <li>
        <button type="button" className="link-button" aria-pressed={!active} onClick={() => onSelect(undefined)} data-testid="count-total">
          <strong>{counts.total}</strong>All
        </button>
      </li>
      {(['down', 'up', 'pending', 'paused'] as const).map((status) => (
        <li key={status}>
          <button type="button" className="link-button" aria-pressed={active === status} onClick={() => onSelect(status)} data-testid={`count-${status}`}>
            <strong>{counts[status]}</strong>
            {status === 'paused' ? STATUS_LABELS[status] : <span className={`status status-${status}`}>{STATUS_LABELS[status]}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function SystemStrip({ system, redisDown }: { system?: SystemStatus; redisDown: boolean }) {
  const flag = (ok: boolean, text: string) => <span className={ok ? 'good' : 'bad'}>{text}</span>;
  return (
    <section className="system-strip" aria-label="System" data-testid="system-strip">
      <span>Redis: {redisDown ? flag(false, 'not reachable') : flag(true, 'reachable')}</span>
      {system && !redisDown && (
        <>
          <span>Controllers alive: {flag(system.controllers > 0, String(system.controllers))}</span>
          <span>Workers alive: {flag(system.workers > 0, String(system.workers))}</span>
          <span>Jobs waiting: <strong>{system.jobsWaiting}</strong></span>
          <span>Jobs in progress: <strong>{system.jobsPending}</strong></span>
          <span>Dead letters: {system.deadLetters ? flag(false, String(system.deadLetters)) : <strong>0</strong>}</span>
        </>
      )}
    </section>
  );
}
