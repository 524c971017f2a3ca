/** "3 min ago" / "in 20 s", relative to a reference time (the server's, so both renders agree). */
export function relativeTime(t: number | null | undefined, now: number): string {
  if (!t) return '—';
  const diff = t - now;
  const abs = Math.abs(diff);
  const units: [number, string][] = [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'min'], [1000, 's']];
  const [size, unit] = units.find(([ms]) => abs >= ms) ?? [1000, 's'];
  const n = Math.round(abs / size);
  return diff < 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
}

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** A fixed, zone-explicit timestamp (UTC) so the server and browser render the same text. */
export function timestamp(t: number | null | undefined): string {
  if (!t) return '—';
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
