import { describe, expect, it } from 'vitest';
import { condition, describeCondition, failedConditions } from './conditions';

describe('conditions', () => {
  it('compares the measured value with the threshold the way the words say', () => {
    expect(condition('memory used', 93.2, 'at most', 90, { unit: '%' }).ok).toBe(false);
    expect(condition('memory used', 90, 'at most', 90, { unit: '%' }).ok).toBe(true);
    expect(condition('connected replicas', 1, 'at least', 2).ok).toBe(false);
    expect(condition('role', 'replica', 'is', 'primary').ok).toBe(false);
    expect(condition('role', 'primary', 'is', 'primary').ok).toBe(true);
  });

  it('names the node and shows measured vs threshold with units', () => {
    const c = condition('memory used', 93.24, 'at most', 90, { unit: '%', node: '10.0.0.5:6379' });
    expect(describeCondition(c)).toBe('memory used on 10.0.0.5:6379: 93.2% vs at most 90%');
  });

  it('lists only the failed conditions, one a line', () => {
    const list = [
      condition('memory used', 50, 'at most', 90, { unit: '%' }),
      condition('ping', 120, 'at most', 100, { unit: ' ms', node: 'a:1' }),
      condition('ping', 130, 'at most', 100, { unit: ' ms', node: 'b:1' }),
    ];
    expect(failedConditions(list)).toBe('ping on a:1: 120 ms vs at most 100 ms\nping on b:1: 130 ms vs at most 100 ms');
    expect(failedConditions(list.slice(0, 1))).toBe('');
  });
});
