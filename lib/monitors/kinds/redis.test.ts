import { describe, expect, it } from 'vitest';
import { fieldErrorsOf, monitorInputSchema } from '../schema';

const schema = monitorInputSchema(1);
const redis = (extra: Record<string, unknown>) => schema.safeParse({ kind: 'redis', name: 'cache', cron: '* * * * *', host: '10.0.0.1', watchHealth: true, mode: 'cluster', ...extra });

describe('I Watch Redis: other cluster nodes', () => {
  it('is optional: a monitor saved with one host:port still reads, with no other nodes', () => {
    const parsed = redis({});
    expect(parsed.success && parsed.data.kind === 'redis' && parsed.data.otherNodes).toEqual([]);
  });

  it('takes a form text (commas or spaces) or a JSON list of host:port', () => {
    const fromForm = redis({ otherNodes: '10.0.0.2:6379, 10.0.0.3:6380  [fd00::4]:7000' });
    expect(fromForm.success && fromForm.data.kind === 'redis' && fromForm.data.otherNodes).toEqual(['10.0.0.2:6379', '10.0.0.3:6380', '[fd00::4]:7000']);
    const fromJson = redis({ otherNodes: ['10.0.0.2:6379'] });
    expect(fromJson.success && fromJson.data.kind === 'redis' && fromJson.data.otherNodes).toEqual(['10.0.0.2:6379']);
  });

  it('refuses what is not host:port, with a message on the field', () => {
    for (const bad of ['10.0.0.2', '10.0.0.2:70000', ['a:1', 3], 42, 'a b:1']) {
      const parsed = redis({ otherNodes: bad });
      expect(parsed.success).toBe(false);
      if (!parsed.success) expect(fieldErrorsOf(parsed.error).otherNodes?.[0]).toMatch(/^Other cluster nodes/);
    }
  });
});
