import type { RollupPeriod, RollupPoint } from '@/lib/results/types';

const SPAN_MS: Record<RollupPeriod, number> = { '24h': 86_400_000, '7d': 7 * 86_400_000, '90d': 90 * 86_400_000 };
const W = 720;
const H = 180;
const PAD = { left: 48, right: 8, top: 10, bottom: 22 };

/** Average and p95 check duration per bucket, with failing buckets marked; plain inline SVG. */
export function LatencyChart({ points, period, now }: { points: RollupPoint[]; period: RollupPeriod; now: number }) {
  const withTimes = points.filter((p) => p.avgMs !== null);
  if (!points.length) return <p className="muted chart-empty">No data yet for this period.</p>;
  const start = now - SPAN_MS[period];
  const maxMs = Math.max(1, ...withTimes.map((p) => p.p95Ms ?? p.avgMs ?? 0));
  const x = (t: number) => PAD.left + ((t - start) / (now - start)) * (W - PAD.left - PAD.right);
  const y = (ms: number) => H - PAD.bottom - (ms / maxMs) * (H - PAD.top - PAD.bottom);
  const line = (pick: (p: RollupPoint) => number | null) =>
    withTimes.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(pick(p) ?? 0).toFixed(1)}`).join(' ');
  const avg = withTimes.reduce((s, p) => s + (p.avgMs ?? 0), 0) / Math.max(1, withTimes.length);
  const failing = points.filter((p) => p.failures > 0);
  const label = `Check duration over ${period}: average ${Math.round(avg)} ms, highest p95 ${Math.round(maxMs)} ms, ${failing.length} bucket(s) with failures.`;
  const tick = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
  return (
    <figure className="latency-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} preserveAspectRatio="none">
        <line x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} stroke="#9aa4ae" />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} stroke="#9aa4ae" />
        <text x={PAD.left - 4} y={PAD.top + 8} textAnchor="end" fontSize="10">{tick(maxMs)}</text>
        <text x={PAD.left - 4} y={H - PAD.bottom} textAnchor="end" fontSize="10">0</text>
        <text x={PAD.left} y={H - 6} fontSize="10">{period} ago</text>
        <text x={W - PAD.right} y={H - 6} textAnchor="end" fontSize="10">now</text>
        {failing.map((p) => (
          <rect key={p.t} x={x(p.t) - 1.5} y={PAD.top} width={3} height={H - PAD.top - PAD.bottom} fill="#fde3e1">
            <title>{`${new Date(p.t).toISOString()}: ${p.failures} of ${p.checks} failed`}</title>
          </rect>
        ))}
        <path d={line((p) => p.p95Ms)} fill="none" stroke="#f59e0b" strokeWidth="1.5" />
        <path d={line((p) => p.avgMs)} fill="none" stroke="#0b5cad" strokeWidth="2" />
        {withTimes.length === 1 && <circle cx={x(withTimes[0].t)} cy={y(withTimes[0].avgMs ?? 0)} r="3" fill="#0b5cad" />}
      </svg>
      <figcaption className="hint">
        <span className="legend legend-avg">average</span> <span className="legend legend-p95">p95</span>{' '}
        <span className="legend legend-fail">buckets with failures</span>
      </figcaption>
    </figure>
  );
}
