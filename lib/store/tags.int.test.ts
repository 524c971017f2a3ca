import { describe, expect, it } from 'vitest';
import type { AppContext } from '../context';
import { UserError } from '../errors';
import { dashboardPage, listMonitorsPage, parseDashboardQuery } from '../dashboard';
import { redisServerPerFile } from '../../test/support/redis-per-file';
import { setStatus, testContext } from '../../test/support/dashboard-context';
import { listTags } from './tags';

// Tags as the store keeps them: one set of ids per tag and a count per tag, changed in the same
// script as the record, and read by the dashboard filter and GET /api/monitors?tag=.
let ctx: AppContext;
redisServerPerFile((client) => {
  ctx = testContext(client);
});

const tcp = (name: string, tags: unknown, extra: Record<string, unknown> = {}) =>
  ({ kind: 'tcp', name, cron: '*/5 * * * *', host: 'db.internal', port: 5432, tags, ...extra });
const members = (tag: string) => ctx.redis.smembers(ctx.keys.indexByTag(tag)).then((ids) => ids.sort());

describe('the tag index', () => {
  it('follows every create, edit and delete, with a count per tag', async () => {
    const a = await ctx.monitors.create(tcp('tag a', ['db', 'prod']));
    const b = await ctx.monitors.create(tcp('tag b', ['db']));
    expect(await members('db')).toEqual([a.id, b.id].sort());
    expect(await members('prod')).toEqual([a.id]);
    expect(await listTags(ctx)).toEqual([{ tag: 'db', monitors: 2 }, { tag: 'prod', monitors: 1 }]);

    // An edit takes off the tags it drops and keeps the rest.
    await ctx.monitors.update(a.id, tcp('tag a', ['prod', 'eu']));
    expect(await members('db')).toEqual([b.id]);
    expect(await members('eu')).toEqual([a.id]);
    expect(await listTags(ctx)).toEqual([{ tag: 'db', monitors: 1 }, { tag: 'eu', monitors: 1 }, { tag: 'prod', monitors: 1 }]);

    // A pause (a patch) keeps the tags; a delete removes them, and a tag nobody carries is gone.
    await ctx.monitors.patch(a.id, { enabled: false });
    expect((await ctx.monitors.get(a.id))?.tags).toEqual(['prod', 'eu']);
    await ctx.monitors.remove(a.id);
    expect(await members('prod')).toEqual([]);
    expect(await listTags(ctx)).toEqual([{ tag: 'db', monitors: 1 }]);
    await ctx.monitors.remove(b.id);
    expect(await listTags(ctx)).toEqual([]);
    expect(await ctx.redis.exists(ctx.keys.indexByTag('db'))).toBe(0);
  });

  it('a record that can no longer be read still leaves every tag set when deleted', async () => {
    const m = await ctx.monitors.create(tcp('tag corrupt', ['cache']));
    await ctx.redis.set(ctx.keys.monitor(m.id), '{"not":"a monitor"}');
    await ctx.monitors.remove(m.id);
    expect(await members('cache')).toEqual([]);
    expect(await listTags(ctx)).toEqual([]);
  });

  it.each([
    [['DB'], /Not a tag: "DB"/],
    [['has space'], /Not a tag: "has space"/],
    [['x'.repeat(33)], /at most 32 characters/],
    [['db', 'db'], /Each tag may appear only once/],
    [Array.from({ length: 21 }, (_, i) => `t${i}`), /At most 20 tags/],
    ['db', /Tags must be a list of words/],
    [[7], /Tags must be text/],
  ])('refuses tags %j with a message beside the field, storing nothing', async (tags, message) => {
    const before = await ctx.monitors.count();
    const error = await ctx.monitors.create(tcp(`bad tags ${JSON.stringify(tags)}`, tags)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).fieldErrors.tags.join(' ')).toMatch(message);
    expect(await ctx.monitors.count()).toBe(before);
    expect(await listTags(ctx)).toEqual([]);
  });
});

describe('filtering by tag', () => {
  it('the dashboard and the API list only the monitors with the tag, with the other filters too', async () => {
    const ids: Record<string, string> = {};
    for (let i = 0; i < 40; i++) {
      const tags = [i % 2 ? 'odd' : 'even', ...(i % 5 === 0 ? ['five'] : [])];
      const m = await ctx.monitors.create(i % 4 === 0 ? { kind: 'remind', name: `filter ${String(i).padStart(2, '0')}`, cron: '0 * * * *', message: 'hi', tags } : tcp(`filter ${String(i).padStart(2, '0')}`, tags));
      ids[m.name] = m.id;
      await setStatus(ctx, m.id, i % 3 === 0 ? 'down' : 'up');
    }
    const names = async (params: Record<string, string>, tuning?: Parameters<typeof dashboardPage>[2]) => {
      const out: string[] = [];
      let after: string | null = null;
      do {
        const page = await dashboardPage(ctx, parseDashboardQuery({ ...params, ...(after ? { after } : {}) }), tuning);
        out.push(...page.rows.map((r) => r.name));
        after = page.nextAfter;
      } while (after);
      return out;
    };
    const expected = (keep: (i: number) => boolean) => Array.from({ length: 40 }, (_, i) => i).filter(keep).map((i) => `filter ${String(i).padStart(2, '0')}`);

    expect(await names({ tag: 'five' })).toEqual(expected((i) => i % 5 === 0));
    const page = await dashboardPage(ctx, parseDashboardQuery({ tag: 'five' }));
    expect(page.matching).toBe(8);
    expect(page.rows[0].tags).toEqual(['even', 'five']);
    expect(page.tags).toEqual([{ tag: 'even', monitors: 20 }, { tag: 'five', monitors: 8 }, { tag: 'odd', monitors: 20 }]);

    // Three filters at once, by the small-set path and by the bounded walk of the name index.
    const three = { tag: 'odd', status: 'down', kind: 'tcp' };
    const want = expected((i) => i % 2 === 1 && i % 3 === 0 && i % 4 !== 0);
    expect(await names(three)).toEqual(want);
    const walk = { smallSet: 0, searchCap: 1000, walkChunk: 3, walkMaxScan: 7, walkBudget: 14 };
    expect(await names(three, walk)).toEqual(want);
    expect(await names({ tag: 'odd', search: 'filter 1' }, walk)).toEqual(expected((i) => i % 2 === 1 && String(i).padStart(2, '0').startsWith('1')));

    const api = await listMonitorsPage(ctx, parseDashboardQuery({ tag: 'five', limit: '3' }));
    expect(api.monitors.map((m) => m.name)).toEqual(['filter 00', 'filter 05', 'filter 10']);
    expect(api.monitors.every((m) => m.tags.includes('five'))).toBe(true);
    expect(await names({ tag: 'nobody-has-it' })).toEqual([]);
  });

  it('a tag filter that is not a tag is a clear 400-style error', () => {
    expect(() => parseDashboardQuery({ tag: 'Not A Tag' })).toThrow(/tag: A tag is lowercase letters, digits and -/);
  });
});
