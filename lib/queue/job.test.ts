import { describe, expect, it } from 'vitest';
import { parseJobEntry } from './job';

describe('parseJobEntry', () => {
  it('reads a scheduled job packed in one field, its dispatch id following from monitor and fire time', () => {
    expect(parseJobEntry(['1-0', ['j', 'm1a2 1764547200000']])).toEqual({
      id: '1-0', monitorId: 'm1a2', fireTime: 1764547200000, dispatchId: 's:m1a2:1764547200000', trigger: 'schedule',
    });
  });

  it('reads a manual job written field by field', () => {
    expect(parseJobEntry(['2-0', ['monitorId', 'm9', 'fireTime', '5', 'dispatchId', 'm:m9:x', 'trigger', 'manual']])).toEqual({
      id: '2-0', monitorId: 'm9', fireTime: 5, dispatchId: 'm:m9:x', trigger: 'manual',
    });
  });

  it('turns down entries that are not jobs', () => {
    for (const fields of [['j', '1764547200000'], ['j', 'm1 soon'], ['j', ''], ['monitorId', 'm1'], ['hello', 'world']]) {
      expect(parseJobEntry(['3-0', fields])).toBeNull();
    }
  });
});
