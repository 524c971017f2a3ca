/**
 * A condition a check evaluated: the value it measured against the user's threshold, on one node where
 * a system has several. Checks keep them in `details.conditions`; the detail page shows them as a table
 * and a failure message lists each failed one as "measured vs threshold".
 */
export type Comparison = 'at most' | 'at least' | 'is';

export interface Condition {
  /** What was measured, in words: "memory used", "master link". */
  name: string;
  /** host:port or node name, where a system has several nodes. */
  node?: string;
  measured: number | string;
  comparison: Comparison;
  threshold: number | string;
  /** Shown after numbers: "%", " ms", " clients". */
  unit?: string;
  ok: boolean;
}

export function condition(
  name: string,
  measured: number | string,
  comparison: Comparison,
  threshold: number | string,
  options: { unit?: string; node?: string } = {},
): Condition {
  const ok = comparison === 'is'
    ? measured === threshold
    : typeof measured === 'number' && typeof threshold === 'number' && (comparison === 'at most' ? measured <= threshold : measured >= threshold);
  return { name, measured, comparison, threshold, ok, ...(options.unit ? { unit: options.unit } : {}), ...(options.node ? { node: options.node } : {}) };
}

const shown = (value: number | string, unit = '') => (typeof value === 'number' ? `${round(value)}${unit}` : value);

/** A measured value or threshold as messages and the monitor page show it: "93.2%", "12 ms". */
export const formatConditionValue = shown;

/** Conditions as read back from stored details (the browser gets them too): anything else is left out. */
export function conditionsIn(details: unknown): Condition[] {
  const list = (details as { conditions?: unknown } | null | undefined)?.conditions;
  if (!Array.isArray(list)) return [];
  return list.filter((c): c is Condition => {
    const v = c as Partial<Condition> | null;
    const value = (x: unknown) => typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x));
    return typeof v?.name === 'string' && value(v.measured) && value(v.threshold) && typeof v.ok === 'boolean'
      && (v.comparison === 'at most' || v.comparison === 'at least' || v.comparison === 'is')
      && (v.node === undefined || typeof v.node === 'string') && (v.unit === undefined || typeof v.unit === 'string');
  });
}
const round = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) >= 10 ? 1 : 2));

/** "memory used on 10.0.0.5:6379: 93.2% vs at most 90%". */
export function describeCondition(c: Condition): string {
  const where = c.node ? ` on ${c.node}` : '';
  return `${c.name}${where}: ${shown(c.measured, c.unit)} vs ${c.comparison} ${shown(c.threshold, c.unit)}`;
}

/** The failed conditions, one a line, for a failure message; '' when none failed. */
export function failedConditions(conditions: readonly Condition[]): string {
  return conditions.filter((c) => !c.ok).map(describeCondition).join('\n');
}
