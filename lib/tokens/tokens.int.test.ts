import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redisServerPerFile } from '../../test/support/redis-per-file';
import { testContext } from '../../test/support/dashboard-context';
import type { AppContext } from '../context';
import { changeRole, createUser, deleteUser } from '../users/users';
import { authenticateToken, createToken, LAST_USED_EVERY_MS, listTokens, revokeToken } from './tokens';

let base: AppContext;
redisServerPerFile((client) => (base = testContext(client)));

async function user(ctx: AppContext, name: string, role: 'viewer' | 'editor' | 'admin') {
  return (await createUser(ctx, { name, role, passwordHash: 'x', createdBy: 'test' }))!;
}

describe('API tokens', () => {
  it('are shown once as imalert_ + 32 random bytes and stored only as their SHA-256', async () => {
    const ctx = testContext(base.redis);
    const ed = await user(ctx, 'ed', 'editor');
    const { token, view } = await createToken(ctx, { userId: ed.id, role: 'editor' }, { name: 'deploy script', role: 'editor' });
    expect(token).toMatch(/^imalert_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice('imalert_'.length), 'base64url')).toHaveLength(32);
    expect(view).toMatchObject({ name: 'deploy script', role: 'editor', expiresAt: null, lastUsedAt: null, expired: false });
    const stored = await Promise.all((await ctx.redis.keys(`${ctx.keys.hashTag}*`)).map((key) => ctx.redis.dump(key)));
    expect(stored.join('')).not.toContain(token.slice(8));
    expect(await ctx.redis.hget(ctx.keys.token(view.id), 'hash')).toBe(createHash('sha256').update(token).digest('hex'));
    expect(await authenticateToken(ctx, token)).toEqual({ tokenId: view.id, userId: ed.id, userName: 'ed', role: 'editor' });
    expect(await authenticateToken(ctx, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(await authenticateToken(ctx, createHash('sha256').update(token).digest('hex'))).toBeNull();
  });

  it('take a role no higher than their owner, and act below it when the owner is demoted', async () => {
    const ctx = testContext(base.redis);
    await user(ctx, 'boss', 'admin');
    const ed = await user(ctx, 'ed', 'editor');
    await expect(createToken(ctx, { userId: ed.id, role: 'editor' }, { name: 'too much', role: 'admin' })).rejects.toMatchObject({ fieldErrors: { role: ['At most editor'] } });
    await expect(createToken(ctx, { userId: ed.id, role: 'editor' }, { name: '', role: 'viewer', expiresInDays: 0 })).rejects.toMatchObject({
      fieldErrors: { name: ['The name is required'], expiresInDays: ['A token lasts at least 1 day'] },
    });
    await expect(createToken(ctx, { userId: ed.id, role: 'editor' }, { name: 'x', role: 'viewer', expiresInDays: '7' })).rejects.toMatchObject({ fieldErrors: { expiresInDays: [expect.stringMatching(/number/)] } });
    expect(await listTokens(ctx, ed.id)).toEqual([]);
    const { token } = await createToken(ctx, { userId: ed.id, role: 'editor' }, { name: 'ci', role: 'editor' });
    await changeRole(ctx, ed.id, 'viewer');
    expect((await authenticateToken(ctx, token))?.role).toBe('viewer');
  });

  it('stop working when they expire or are revoked, and with their deleted owner', async () => {
    const ctx = testContext(base.redis);
    await user(ctx, 'boss', 'admin');
    const ed = await user(ctx, 'ed', 'editor');
    const owner = { userId: ed.id, role: 'editor' as const };
    const expiring = await createToken(ctx, owner, { name: 'one day', role: 'viewer', expiresInDays: 1 });
    expect(expiring.view.expiresAt! - expiring.view.createdAt).toBe(86_400_000);
    expect(await authenticateToken(ctx, expiring.token)).not.toBeNull();
    // The day passes: the stored expiry is now behind us.
    await ctx.redis.hset(ctx.keys.token(expiring.view.id), 'expiresAt', String(Date.now() - 1));
    expect(await authenticateToken(ctx, expiring.token)).toBeNull();
    expect((await listTokens(ctx, ed.id)).find((t) => t.id === expiring.view.id)?.expired).toBe(true);

    const revoked = await createToken(ctx, owner, { name: 'to revoke', role: 'editor' });
    const kept = await createToken(ctx, owner, { name: 'kept', role: 'editor' });
    await revokeToken(ctx, revoked.view.id, owner);
    expect(await authenticateToken(ctx, revoked.token)).toBeNull();
    expect(await ctx.redis.hexists(ctx.keys.tokenHashes, createHash('sha256').update(revoked.token).digest('hex'))).toBe(0);
    expect(await authenticateToken(ctx, kept.token)).not.toBeNull();
    await expect(revokeToken(ctx, revoked.view.id, owner)).rejects.toMatchObject({ reason: 'not-found' });

    // An owner record that says "disabled" (however it came to say so) stops the token too.
    await ctx.redis.hset(ctx.keys.user(ed.id), 'disabled', '1');
    expect(await authenticateToken(ctx, kept.token)).toBeNull();
    await ctx.redis.hset(ctx.keys.user(ed.id), 'disabled', '0');
    expect(await authenticateToken(ctx, kept.token)).not.toBeNull();
    await deleteUser(ctx, ed.id);
    expect(await authenticateToken(ctx, kept.token)).toBeNull();
  });

  it("only their owner or an admin may list and revoke them", async () => {
    const ctx = testContext(base.redis);
    const boss = await user(ctx, 'boss', 'admin');
    const ed = await user(ctx, 'ed', 'editor');
    const vi = await user(ctx, 'vi', 'viewer');
    const edToken = await createToken(ctx, { userId: ed.id, role: 'editor' }, { name: 'eds', role: 'editor' });
    await createToken(ctx, { userId: vi.id, role: 'viewer' }, { name: 'vis', role: 'viewer' });
    expect((await listTokens(ctx, vi.id)).map((t) => t.name)).toEqual(['vis']);
    expect((await listTokens(ctx)).map((t) => t.name).sort()).toEqual(['eds', 'vis']);
    await expect(revokeToken(ctx, edToken.view.id, { userId: vi.id, role: 'viewer' })).rejects.toMatchObject({ reason: 'not-found' });
    expect(await authenticateToken(ctx, edToken.token)).not.toBeNull();
    await revokeToken(ctx, edToken.view.id, { userId: boss.id, role: 'admin' });
    expect(await authenticateToken(ctx, edToken.token)).toBeNull();
  });

  it('note their last use at most once a minute', async () => {
    const ctx = testContext(base.redis);
    const ed = await user(ctx, 'ed', 'editor');
    const { token, view } = await createToken(ctx, { userId: ed.id, role: 'editor' }, { name: 'busy', role: 'editor' });
    await authenticateToken(ctx, token);
    const first = Number(await ctx.redis.hget(ctx.keys.token(view.id), 'lastUsedAt'));
    expect(first).toBeGreaterThan(view.createdAt - 1);
    await new Promise((r) => setTimeout(r, 20));
    await authenticateToken(ctx, token);
    expect(Number(await ctx.redis.hget(ctx.keys.token(view.id), 'lastUsedAt'))).toBe(first);
    // A minute later (its last use moved back by one), the next use is noted again.
    await ctx.redis.hset(ctx.keys.token(view.id), 'lastUsedAt', String(first - LAST_USED_EVERY_MS));
    await authenticateToken(ctx, token);
    expect(Number(await ctx.redis.hget(ctx.keys.token(view.id), 'lastUsedAt'))).toBeGreaterThan(first);
    expect((await listTokens(ctx, ed.id))[0].lastUsedAt).toBeGreaterThan(first);
  });
});
