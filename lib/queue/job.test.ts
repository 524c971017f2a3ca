import { describe, expect, it } from 'vitest';
import { heldJobsOf, parseJobEntries } from './job';

describe('parseJobEntries', () => {
  it('reads a scheduled job packed in one field, its dispatch id following from monitor and fire time', () => {
    expect(parseJobEntries(['1-0', ['j', 'm1a2 1764547200000']])).toEqual([{
      id: '1-0', key: '1-0', parts: 1, monitorId: 'm1a2', fireTime: 1764547200000, dispatchId: 's:m1a2:1764547200000', trigger: 'schedule', priorDeliveries: 0,
    }]);
  });

  it('reads the jobs of a packed entry, each with a key of its own', () => {
    const jobs = parseJobEntries(['4-1', ['j', 'a 10', 'j', 'b 20', 'j', 'c 30']]);
    expect(jobs?.map(({ key, parts, monitorId, fireTime }) => ({ key, parts, monitorId, fireTime }))).toEqual([
      { key: '4-1#0', parts: 3, monitorId: 'a', fireTime: 10 },
      { key: '4-1#1', parts: 3, monitorId: 'b', fireTime: 20 },
      { key: '4-1#2', parts: 3, monitorId: 'c', fireTime: 30 },
    ]);
  });

  it('reads a job split out of a packed entry with the deliveries it had, counted on top of its own', () => {
    const entry: [string, string[]] = ['5-0', ['j', 'm7 40', 'd', '2']];
    expect(parseJobEntries(entry)?.[0]).toMatchObject({ key: '5-0', parts: 1, monitorId: 'm7', fireTime: 40, priorDeliveries: 2 });
    expect(heldJobsOf([entry, null], () => 1).jobs[0].deliveries).toBe(3);
  });

  it('reads a manual job written field by field', () => {
    expect(parseJobEntries(['2-0', ['monitorId', 'm9', 'fireTime', '5', 'dispatchId', 'm:m9:x', 'trigger', 'manual']])).toEqual([{
      id: '2-0', key: '2-0', parts: 1, monitorId: 'm9', fireTime: 5, dispatchId: 'm:m9:x', trigger: 'manual', priorDeliveries: 0,
    }]);
  });

  it('turns down entries that are not jobs, packed ones included', () => {
    const bad = [['j', '1764547200000'], ['j', 'm1 soon'], ['j', ''], ['monitorId', 'm1'], ['hello', 'world'], ['j', 'a 1', 'x', 'b 2'],
      ['j', 'a 1', 'j', 'b soon'], ['j', 'a 1', 'j'], ['j', 'a 1', 'd', '-1'], ['j', 'a 1', 'd', 'two']];
    for (const fields of bad) expect(parseJobEntries(['3-0', fields])).toBeNull();
    expect(heldJobsOf([['3-0', ['hello', 'world']]], () => 1)).toEqual({ jobs: [], malformed: ['3-0'] });
  });
});
