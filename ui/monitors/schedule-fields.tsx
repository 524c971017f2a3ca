'use client';

import { useEffect, useState } from 'react';
import { describeCron, formatFireTime, nextFireTimes, parseCron, scheduleProblem } from '@/lib/schedule';
import { FieldErrors } from './field';

interface Preview {
  words?: string;
  next: string[];
  problem?: string;
}

/** The schedule in words and its next five fire times in the chosen zone, as the user types. */
function previewOf(cron: string, timeZone: string, minIntervalSeconds: number, now: number): Preview {
  try {
    const problem = scheduleProblem(cron, timeZone, minIntervalSeconds);
    if (problem && problem.startsWith('Unknown time zone')) return { problem, next: [] };
    const parsed = parseCron(cron);
    const next = nextFireTimes(parsed, timeZone, now, 5).map((t) => formatFireTime(t, timeZone));
    return { words: describeCron(cron), next, problem: problem ?? undefined };
  } catch (error) {
    return { problem: (error as Error).message, next: [] };
  }
}

export function ScheduleFields(props: {
  cron: string;
  timeZone: string;
  minIntervalSeconds: number;
  errors: { cron?: string[]; timeZone?: string[] };
}) {
  const [cron, setCron] = useState(props.cron);
  const [timeZone, setTimeZone] = useState(props.timeZone);
  // Fire times depend on the clock and the zone list on the browser; compute them after hydration.
  const [now, setNow] = useState<number | null>(null);
  const [zones, setZones] = useState<string[]>([]);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- browser-only values, read once after hydration
    setNow(Date.now());
    setZones(Intl.supportedValuesOf?.('timeZone') ?? []);
  }, []);
  // New values from the server (a form sent back with errors) replace what was typed.
  const [fromServer, setFromServer] = useState({ cron: props.cron, timeZone: props.timeZone });
  if (fromServer.cron !== props.cron || fromServer.timeZone !== props.timeZone) {
    setFromServer({ cron: props.cron, timeZone: props.timeZone });
    setCron(props.cron);
    setTimeZone(props.timeZone);
  }

  const preview = now === null || !cron.trim() ? null : previewOf(cron, timeZone.trim() || 'UTC', props.minIntervalSeconds, now);
  const cronErrors = props.errors.cron;
  return (
    <fieldset className="schedule">
      <legend>Schedule</legend>
      <div className="field">
        <label htmlFor="field-cron">Cron expression</label>
        <input
          id="field-cron"
          name="cron"
          value={cron}
          onChange={(e) => setCron(e.target.value)}
          placeholder="*/5 * * * *"
          spellCheck={false}
          aria-describedby="cron-error cron-preview"
          aria-invalid={cronErrors?.length ? true : undefined}
        />
        <p className="hint">5 fields (minute hour day month weekday), or 6 with seconds first; at least {props.minIntervalSeconds} s apart.</p>
        <FieldErrors id="cron-error" errors={cronErrors} />
        <div id="cron-preview" className="cron-preview" aria-live="polite">
          {preview?.words && <p className="cron-words">{preview.words}</p>}
          {preview?.problem && !cronErrors?.length && <p className="warning">{preview.problem}</p>}
          {preview && preview.next.length > 0 && (
            <>
              <p className="hint">Next runs ({timeZone || 'UTC'}):</p>
              <ol className="next-fires">{preview.next.map((t, i) => <li key={i}>{t}</li>)}</ol>
            </>
          )}
        </div>
      </div>
      <div className="field">
        <label htmlFor="field-timeZone">Time zone</label>
        <input
          id="field-timeZone"
          name="timeZone"
          list="time-zones"
          value={timeZone}
          onChange={(e) => setTimeZone(e.target.value)}
          aria-describedby="timeZone-error"
          aria-invalid={props.errors.timeZone?.length ? true : undefined}
        />
        <datalist id="time-zones">{zones.map((z) => <option key={z} value={z} />)}</datalist>
        <FieldErrors id="timeZone-error" errors={props.errors.timeZone} />
      </div>
    </fieldset>
  );
}
