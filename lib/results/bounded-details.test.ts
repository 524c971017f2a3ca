import { describe, expect, it } from 'vitest';
import { condition } from '../checks/conditions';
import { boundedDetails, HISTORY_LIMITS } from './apply';

const nodes = Array.from({ length: 6 }, (_, i) => `10.0.0.${i + 1}:7000`);
const conditions = nodes.flatMap((node) => ['memory used (of maxmemory)', 'connected clients (of maxclients)', 'PING round trip', 'hours since the last RDB save', 'last RDB save', 'role', 'link to the primary']
  .map((name, i) => condition(name, i * 3, 'at most', 10, { node, unit: '%' })));

describe('the details kept with the last run', () => {
  it('are kept whole when small', () => {
    expect(JSON.parse(boundedDetails({ mode: 'standalone', conditions: conditions.slice(0, 3) }))).toEqual({ mode: 'standalone', conditions: conditions.slice(0, 3) });
  });

  it('over the limit, keep the conditions of every node (what the monitor page shows) and drop the rest', () => {
    const big = { mode: 'cluster', nodes: nodes.map((address) => ({ address, note: 'x'.repeat(400) })), conditions };
    expect(JSON.stringify(big).length).toBeGreaterThan(HISTORY_LIMITS.detailsChars);
    expect(JSON.parse(boundedDetails(big))).toEqual({ conditions, truncated: true });
  });

  it('past the conditions limit too, keep the failed conditions only', () => {
    const many = Array.from({ length: 4 }, () => conditions).flat();
    expect(JSON.stringify(many).length).toBeGreaterThan(HISTORY_LIMITS.conditionsChars);
    const kept = JSON.parse(boundedDetails({ conditions: many }));
    expect(kept.truncated).toBe(true);
    expect(kept.conditions.length).toBe(many.filter((c) => !c.ok).length);
    expect(kept.conditions.every((c: { ok: boolean }) => !c.ok)).toBe(true);
  });
});
