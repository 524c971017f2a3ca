import { describe, expect, it } from 'vitest';
import { redisServerPerFile } from '../../test/support/redis-per-file';
import { testContext } from '../../test/support/dashboard-context';
import type { AppContext } from '../context';
import { AUDIT_MAX_AGE_MS, AUDIT_MAX_ENTRIES, readAudit, recordAudit } from './audit';
import { parseAuditQuery } from './schema';

let base: AppContext;
redisServerPerFile((client) => (base = testContext(client)));

describe('the audit log', () => {
  it('reads newest first, filtered by user and by action or group, in pages', async () => {
    const ctx = testContext(base.redis);
    await recordAudit(ctx, { actor: 'ann', action: 'monitor.create', target: 'm1', detail: 'web', via: 'web' });
    await recordAudit(ctx, { actor: 'bob', action: 'monitor.pause', target: 'm1', via: 'token' });
    await recordAudit(ctx, { actor: 'ann', action: 'user.invite', target: 'u1', detail: 'bob', via: 'api' });
    await recordAudit(ctx, { actor: '(unknown)', action: 'login.failed', via: 'web', client: '10.0.0.1' });

    const all = await readAudit(ctx, parseAuditQuery({}));
    expect(all.entries.map((e) => e.action)).toEqual(['login.failed', 'user.invite', 'monitor.pause', 'monitor.create']);
    expect(all.entries[0]).toMatchObject({ actor: '(unknown)', client: '10.0.0.1', via: 'web' });
    expect(all.entries[0].at).toBeGreaterThan(Date.now() - 60_000);
    expect((await readAudit(ctx, parseAuditQuery({ user: 'ANN' }))).entries.map((e) => e.action)).toEqual(['user.invite', 'monitor.create']);
    expect((await readAudit(ctx, parseAuditQuery({ action: 'monitor' }))).entries.map((e) => e.actor)).toEqual(['bob', 'ann']);
    expect((await readAudit(ctx, parseAuditQuery({ action: 'login.failed' }))).entries).toHaveLength(1);

    const first = await readAudit(ctx, parseAuditQuery({ limit: '3' }));
    expect(first.entries).toHaveLength(3);
    const rest = await readAudit(ctx, parseAuditQuery({ limit: '3', before: first.nextBefore! }));
    expect(rest.entries.map((e) => e.action)).toEqual(['monitor.create']);
    expect(rest.nextBefore).toBeNull();
  });

  it('refuses a bad filter with a message naming it', () => {
    expect(() => parseAuditQuery({ action: 'monitor.explode' })).toThrow(/action filter must be one of/);
    expect(() => parseAuditQuery({ limit: '500' })).toThrow('The limit is 1 to 200');
    expect(() => parseAuditQuery({ before: 'yesterday' })).toThrow(/cursor/);
    expect(() => parseAuditQuery(new URLSearchParams('colour=red'))).toThrow(/Unknown parameter: colour/);
  });

  it(`keeps about the last ${AUDIT_MAX_ENTRIES.toLocaleString('en')} entries`, async () => {
    const ctx = testContext(base.redis);
    const fill = AUDIT_MAX_ENTRIES + 1000;
    for (let done = 0; done < fill; done += 10_000) {
      const pipeline = ctx.redis.pipeline();
      for (let i = done; i < Math.min(fill, done + 10_000); i++) pipeline.xadd(ctx.keys.audit, '*', 'actor', 'filler', 'action', 'login', 'via', 'web');
      await pipeline.exec();
    }
    await recordAudit(ctx, { actor: 'last', action: 'monitor.edit', via: 'web' });
    const length = await ctx.redis.xlen(ctx.keys.audit);
    expect(length).toBeLessThanOrEqual(AUDIT_MAX_ENTRIES + 200); // trimmed in whole stream nodes (100 entries each)
    expect(length).toBeGreaterThanOrEqual(AUDIT_MAX_ENTRIES);
    expect((await readAudit(ctx, parseAuditQuery({ limit: '1' }))).entries[0].actor).toBe('last');
    await ctx.redis.del(ctx.keys.audit);
  });

  it('drops entries older than 90 days', async () => {
    const ctx = testContext(base.redis);
    const old = Date.now() - AUDIT_MAX_AGE_MS - 86_400_000;
    const pipeline = ctx.redis.pipeline();
    for (let i = 0; i < 300; i++) pipeline.xadd(ctx.keys.audit, `${old + i}-0`, 'actor', 'long ago', 'action', 'login', 'via', 'web');
    await pipeline.exec();
    await recordAudit(ctx, { actor: 'today', action: 'login', via: 'web' });
    const { entries } = await readAudit(ctx, parseAuditQuery({ limit: '200' }));
    expect(entries.filter((e) => e.actor === 'long ago').length).toBeLessThan(100); // whole nodes go
    expect(await ctx.redis.xlen(ctx.keys.audit)).toBeLessThan(101);
    expect(entries[0].actor).toBe('today');
  });
});
