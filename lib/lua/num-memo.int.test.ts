import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { loadLua } from './load';

// num-memo.lua run by Redis's own Lua beside tonumber: the memo must never answer differently.
describe('num (the dispatch script\'s remembered tonumber)', () => {
  let server: TestRedis;
  beforeAll(async () => { server = await startRedis(); });
  afterAll(async () => { await server?.stop(); });

  it('answers exactly as tonumber, the first time and from memory: nil for nil, false and non-numbers', async () => {
    const inputs = ['1767225600000', '17672256000001', '1767225600000', '', 'abc', 'abc', '12abc', ' 12 ', '0x10', '1e3', '-0', '<nil>', '<false>', '<false>'];
    const lua = loadLua('../test/fixtures/num-memo-check.lua');
    const rows = (await server.client().eval(lua, 0, ...inputs)) as string[];
    const answers = rows.map((row) => row.split(' '));
    for (const [plain, first, again] of answers) expect([first, again]).toEqual([plain, plain]);
    expect(Object.fromEntries(inputs.map((input, i) => [input, answers[i][2]]))).toMatchObject({
      '1767225600000': 'number:1767225600000',
      '17672256000001': 'number:17672256000001',
      abc: 'nil',
      '': 'nil',
      '<nil>': 'nil',
      '<false>': 'nil',
    });
  });
});
