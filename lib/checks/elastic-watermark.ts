/**
 * The cluster's own high disk watermark, read from GET _cluster/settings?include_defaults=true: a
 * percentage or ratio of the disk used ("90%", "0.9"), or the free space that must remain ("100gb").
 * Since Elasticsearch 8.5 a percentage comes with a max headroom: on a large disk, the free space
 * needed is at most that much ("150gb" by default), so the limit lies higher than the percentage.
 */
export type HighWatermark =
  | { kind: 'used'; percent: number; maxHeadroomBytes: number | null; text: string }
  | { kind: 'free'; bytes: number; text: string };

const PREFIX = 'cluster.routing.allocation.disk.';
const UNITS: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4, p: 1024 ** 5, pb: 1024 ** 5 };

/** Nested and flat settings alike as "a.b.c" keys (Elasticsearch nests what it can and keeps dotted rests). */
export function flattenSettings(value: unknown, prefix = '', out: Map<string, string> = new Map()): Map<string, string> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flattenSettings(child, prefix ? `${prefix}.${key}` : key, out);
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    out.set(prefix, String(value));
  }
  return out;
}

/** A setting as the cluster applies it: transient over persistent over the defaults. */
function settingOf(response: Record<string, unknown>, name: string): string | undefined {
  for (const scope of ['transient', 'persistent', 'defaults']) {
    const value = flattenSettings(response[scope]).get(name);
    if (value !== undefined) return value;
  }
  return undefined;
}

export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = UNITS[(match?.[2] || 'b').toLowerCase()];
  return match && unit ? Number(match[1]) * unit : undefined;
}

function parseWatermark(text: string, headroom: string | undefined): HighWatermark | undefined {
  const trimmed = text.trim();
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(trimmed);
  const ratio = /^(0(?:\.\d+)?|1(?:\.0+)?)$/.exec(trimmed);
  if (percent || ratio) {
    const room = headroom === undefined || headroom.trim() === '-1' ? null : parseByteSize(headroom) ?? null;
    return { kind: 'used', percent: percent ? Number(percent[1]) : Number(ratio![1]) * 100, maxHeadroomBytes: room, text: trimmed };
  }
  const bytes = parseByteSize(trimmed);
  return bytes === undefined ? undefined : { kind: 'free', bytes, text: trimmed };
}

/** The high watermark in force; `enabled: false` when the cluster does not apply disk thresholds. */
export function readHighWatermark(response: unknown): { enabled: boolean; watermark?: HighWatermark; problem?: string } {
  const settings = response && typeof response === 'object' ? (response as Record<string, unknown>) : {};
  if (settingOf(settings, `${PREFIX}threshold_enabled`) === 'false') return { enabled: false };
  const high = settingOf(settings, `${PREFIX}watermark.high`);
  if (high === undefined) return { enabled: true, problem: 'the cluster settings name no high disk watermark' };
  const watermark = parseWatermark(high, settingOf(settings, `${PREFIX}watermark.high.max_headroom`));
  return watermark ? { enabled: true, watermark } : { enabled: true, problem: `the high disk watermark "${high.slice(0, 40)}" is not one imalert reads` };
}

/** The used % at which a disk of `totalBytes` reaches the watermark. */
export function watermarkPercentFor(watermark: HighWatermark, totalBytes: number): number {
  if (totalBytes <= 0) return 0;
  const freeNeeded = watermark.kind === 'free'
    ? watermark.bytes
    : Math.min(totalBytes * (1 - watermark.percent / 100), watermark.maxHeadroomBytes ?? Infinity);
  return Math.max(0, 100 * (1 - freeNeeded / totalBytes));
}
