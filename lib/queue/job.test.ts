import { describe, expect, it } from 'vitest';
import { heldJobsOf, parseJobEntry } from './job';

describe('parseJobEntry', () => {
  it('reads a scheduled job written in one field, its dispatch id following from monitor and fire time', () => {
    expect(parseJobEntry(['1-0', ['j', 'm1a2 1764547200000']])).toEqual({
      id: '1-0', monitorId: 'm1a2', fireTime: 1764547200000, dispatchId: 's:m1a2:1764547200000', trigger: 'schedule',
    });
  });

  it('reads a manual job written field by field', () => {
    expect(parseJobEntry(['2-0', ['monitorId', 'm9', 'fireTime', '5', 'dispatchId', 'm:m9:x', 'trigger', 'manual']])).toEqual({
      id: '2-0', monitorId: 'm9', fireTime: 5, dispatchId: 'm:m9:x', trigger: 'manual',
    });
  });

  it('turns down entries that are not one job', () => {
    const bad = [['j', '1764547200000'], ['j', 'm1 soon'], ['j', ''], ['monitorId', 'm1'], ['hello', 'world'], ['j', 'a 1', 'j', 'b 2'], ['j', 'a 1', 'd', '2'], ['j']];
    for (const fields of bad) expect(parseJobEntry(['3-0', fields])).toBeNull();
  });
});

describe('heldJobsOf', () => {
  it('gives each job its entry\'s delivery count, puts entries that are not jobs apart and skips trimmed ones', () => {
    const entries: Array<[string, string[]] | null> = [['5-0', ['j', 'm7 40']], null, ['6-0', ['hello', 'world']]];
    expect(heldJobsOf(entries, (id) => (id === '5-0' ? 3 : 1))).toEqual({
      jobs: [{ id: '5-0', monitorId: 'm7', fireTime: 40, dispatchId: 's:m7:40', trigger: 'schedule', deliveries: 3 }],
      malformed: ['6-0'],
    });
  });
});
