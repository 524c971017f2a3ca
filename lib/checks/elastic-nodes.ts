import { condition, type Condition } from './conditions';
import type { HighWatermark } from './elastic-watermark';
import { watermarkPercentFor } from './elastic-watermark';
import { excerpt } from './net';

/** What one node reported in GET _nodes/stats/jvm,fs. */
export interface NodeFacts {
  name: string;
  roles: string[];
  heapUsedPercent?: number;
  /** The fullest data path (Elasticsearch judges each path on its own); fs.total when none is listed. */
  disk?: { usedPercent: number; totalBytes: number; availableBytes: number; path?: string };
}

/** The query that keeps only what the conditions read (a big cluster's full stats run to megabytes). */
export const NODE_STATS_PATH =
  '_nodes/stats/jvm,fs?filter_path=_nodes,nodes.*.name,nodes.*.roles,nodes.*.jvm.mem.heap_used_percent,nodes.*.fs.total,nodes.*.fs.data';

type Raw = Record<string, unknown>;
const objectOf = (value: unknown): Raw => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : {});
const numberOf = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function diskOf(fs: Raw): NodeFacts['disk'] {
  const paths = Array.isArray(fs.data) ? fs.data.map(objectOf) : [];
  const candidates = paths.length > 0 ? paths : [objectOf(fs.total)];
  let worst: NodeFacts['disk'];
  for (const entry of candidates) {
    const total = numberOf(entry.total_in_bytes);
    const available = numberOf(entry.available_in_bytes);
    if (total === undefined || available === undefined || total <= 0) continue;
    const usedPercent = (100 * (total - available)) / total;
    if (!worst || usedPercent > worst.usedPercent) {
      worst = { usedPercent, totalBytes: total, availableBytes: available, ...(typeof entry.path === 'string' ? { path: entry.path } : {}) };
    }
  }
  return worst;
}

/** Each node of the answer, sorted by name so messages and tables keep one order. */
export function readNodes(response: unknown): NodeFacts[] {
  const nodes = objectOf(objectOf(response).nodes);
  return Object.entries(nodes)
    .map(([id, raw]) => {
      const node = objectOf(raw);
      const heap = numberOf(objectOf(objectOf(node.jvm).mem).heap_used_percent);
      const disk = diskOf(objectOf(node.fs));
      return {
        name: typeof node.name === 'string' ? excerpt(node.name, 100) : excerpt(id, 40),
        roles: Array.isArray(node.roles) ? node.roles.filter((r): r is string => typeof r === 'string') : [],
        ...(heap === undefined ? {} : { heapUsedPercent: heap }),
        ...(disk ? { disk } : {}),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Disk watermarks govern where shards go, so only nodes that hold data are judged by them. */
const holdsData = (node: NodeFacts) => node.roles.length === 0 || node.roles.some((role) => role.startsWith('data'));

export interface NodeLimits {
  maxHeapPercent: number | null;
  maxDiskPercent: number | null;
  watermark?: HighWatermark;
}

export function nodeConditions(nodes: NodeFacts[], limits: NodeLimits): Condition[] {
  const out: Condition[] = [];
  for (const node of nodes) {
    const on = { unit: '%', node: node.name };
    if (limits.maxHeapPercent !== null && node.heapUsedPercent !== undefined) {
      out.push(condition('JVM heap used', node.heapUsedPercent, 'at most', limits.maxHeapPercent, on));
    }
    if (!node.disk) continue;
    const used = round1(node.disk.usedPercent);
    if (limits.maxDiskPercent !== null) out.push(condition('disk used', used, 'at most', limits.maxDiskPercent, on));
    if (limits.watermark && holdsData(node)) {
      const limit = round1(watermarkPercentFor(limits.watermark, node.disk.totalBytes));
      out.push(condition(`disk used (high watermark ${limits.watermark.text})`, used, 'at most', limit, on));
    }
  }
  return out;
}

/** A node listed without the figure a condition needs: said, not passed over in silence. */
export function missingFigures(nodes: NodeFacts[], limits: NodeLimits): Condition[] {
  const out: Condition[] = [];
  if (nodes.length === 0) out.push({ ...condition('nodes in the stats', 0, 'at least', 1), ok: false });
  for (const node of nodes) {
    if (limits.maxHeapPercent !== null && node.heapUsedPercent === undefined) out.push({ ...condition('JVM heap used', 'not reported', 'is', 'reported', { node: node.name }), ok: false });
    if ((limits.maxDiskPercent !== null || limits.watermark) && !node.disk) out.push({ ...condition('disk used', 'not reported', 'is', 'reported', { node: node.name }), ok: false });
  }
  return out;
}

const round1 = (value: number) => Math.round(value * 10) / 10;
