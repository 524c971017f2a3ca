import { describe, expect, it } from 'vitest';
import { redisServerPerFile } from '../../test/support/redis-per-file';
import { testContext } from '../../test/support/dashboard-context';
import { createSession, readSession } from '../auth/sessions';
import { hashPassword } from '../auth/password';
import { login } from '../auth/login';
import type { AppContext } from '../context';
import { createToken, authenticateToken } from '../tokens/tokens';
import { INVITE_GONE_MESSAGE, inviteUser, issueInvite, readInvite, redeemInvite } from './invites';
import { changeRole, createUser, deleteUser, findUserByName, getUser, listUsers, setUserDisabled } from './users';

let base: AppContext;
redisServerPerFile((client) => (base = testContext(client)));

async function activeUser(ctx: AppContext, name: string, role: 'viewer' | 'editor' | 'admin') {
  return (await createUser(ctx, { name, role, passwordHash: await hashPassword(`${name}-password`), createdBy: 'test' }))!;
}

describe('the last admin', () => {
  it('cannot be demoted, disabled or deleted; with a second admin each works', async () => {
    const ctx = testContext(base.redis);
    const first = await activeUser(ctx, 'first', 'admin');
    await expect(changeRole(ctx, first.id, 'editor')).rejects.toThrow(/last admin/);
    await expect(setUserDisabled(ctx, first.id, true)).rejects.toThrow(/last admin/);
    await expect(deleteUser(ctx, first.id)).rejects.toThrow(/last admin/);
    expect(await getUser(ctx, first.id)).toMatchObject({ role: 'admin', disabled: false });

    const second = await activeUser(ctx, 'second', 'admin');
    expect((await changeRole(ctx, first.id, 'editor')).role).toBe('editor');
    await expect(deleteUser(ctx, second.id)).rejects.toThrow(/last admin/);
  });

  it('an invited admin who has not set a password does not count as one', async () => {
    const ctx = testContext(base.redis);
    const only = await activeUser(ctx, 'only', 'admin');
    await inviteUser(ctx, { name: 'pending', role: 'admin' }, 'only');
    await expect(changeRole(ctx, only.id, 'viewer')).rejects.toThrow(/last admin/);
  });

  it('two admins demoting each other at the same moment: exactly one succeeds and one admin remains', async () => {
    for (let round = 0; round < 10; round++) {
      const ctx = testContext(base.redis);
      const a = await activeUser(ctx, 'a', 'admin');
      const b = await activeUser(ctx, 'b', 'admin');
      const outcomes = await Promise.allSettled([changeRole(ctx, a.id, 'viewer'), changeRole(ctx, b.id, 'viewer'), setUserDisabled(ctx, a.id, true), deleteUser(ctx, b.id)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
      const admins = (await listUsers(ctx)).filter((u) => u.role === 'admin' && u.status === 'active');
      expect(admins).toHaveLength(1);
    }
  });
});

describe('invites', () => {
  it('work once: the invitee sets a password and logs in; the link is then gone, and only its hash was stored', async () => {
    const ctx = testContext(base.redis);
    const { user, token, expiresAt } = await inviteUser(ctx, { name: 'Viv', role: 'viewer' }, 'admin');
    expect(user).toMatchObject({ name: 'viv', role: 'viewer', status: 'invited', inviteExpiresAt: expiresAt });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const everything = JSON.stringify(await Promise.all((await ctx.redis.keys(`${ctx.keys.hashTag}*`)).map(async (key) => [key, await ctx.redis.dump(key)])));
    expect(everything).not.toContain(token);
    await expect(login(ctx, 'viv', 'any password at all', 'x')).rejects.toThrow('Wrong user name or password');

    expect((await readInvite(ctx, token))?.name).toBe('viv');
    await expect(redeemInvite(ctx, token, 'short')).rejects.toThrow(/at least 8/);
    const [firstUse, secondUse] = await Promise.allSettled([redeemInvite(ctx, token, 'viv-password-1'), redeemInvite(ctx, token, 'viv-password-2')]);
    expect([firstUse.status, secondUse.status].sort()).toEqual(['fulfilled', 'rejected']);
    const failed = [firstUse, secondUse].find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(failed.reason.message).toBe(INVITE_GONE_MESSAGE);
    const chosen = firstUse.status === 'fulfilled' ? 'viv-password-1' : 'viv-password-2';
    expect((await login(ctx, 'viv', chosen, 'x')).user).toMatchObject({ name: 'viv', role: 'viewer' });
    expect(await readInvite(ctx, token)).toBeUndefined();
    expect(await ctx.redis.keys(ctx.keys.invite('*'))).toEqual([]);
    await expect(redeemInvite(ctx, token, 'another-password')).rejects.toThrow(INVITE_GONE_MESSAGE);
  });

  it('expire with their key, and a new link replaces the old one', async () => {
    const ctx = testContext(base.redis);
    const { user, token } = await inviteUser(ctx, { name: 'late', role: 'editor' }, 'admin');
    const [key] = await ctx.redis.keys(ctx.keys.invite('*'));
    expect(await ctx.redis.pttl(key)).toBeGreaterThan(71 * 3_600_000);
    await ctx.redis.pexpire(key, 20);
    await new Promise((r) => setTimeout(r, 80));
    await expect(redeemInvite(ctx, token, 'late-password')).rejects.toThrow(INVITE_GONE_MESSAGE);

    const again = await issueInvite(ctx, user.id);
    const third = await issueInvite(ctx, user.id);
    await expect(redeemInvite(ctx, again.token, 'late-password')).rejects.toThrow(INVITE_GONE_MESSAGE);
    await redeemInvite(ctx, third.token, 'late-password');
    expect((await findUserByName(ctx, 'late'))?.passwordHash).toMatch(/^scrypt\$/);
  });

  it('refuse a name that is taken or malformed', async () => {
    const ctx = testContext(base.redis);
    await activeUser(ctx, 'taken', 'viewer');
    await expect(inviteUser(ctx, { name: 'TAKEN', role: 'viewer' }, 'admin')).rejects.toMatchObject({ reason: 'conflict', fieldErrors: { name: ['This name is taken'] } });
    await expect(inviteUser(ctx, { name: 'two words', role: 'viewer' }, 'admin')).rejects.toMatchObject({ fieldErrors: { name: [expect.stringMatching(/letters, digits/)] } });
    await expect(inviteUser(ctx, { name: 'ok', role: 'root' }, 'admin')).rejects.toMatchObject({ fieldErrors: { role: [expect.stringMatching(/viewer, editor or admin/)] } });
    expect((await listUsers(ctx)).map((u) => u.name)).toEqual(['taken']);
  });
});

describe('disabling and deleting', () => {
  it("ends the user's sessions and tokens at once; enabling again does not bring them back", async () => {
    const ctx = testContext(base.redis);
    await activeUser(ctx, 'boss', 'admin');
    const ed = await activeUser(ctx, 'ed', 'editor');
    const session = await createSession(ctx, ed);
    const { token } = await createToken(ctx, { userId: ed.id, role: 'editor' }, { name: 'ci', role: 'editor' });
    expect(await readSession(ctx, session.id)).not.toBeNull();
    expect(await authenticateToken(ctx, token)).not.toBeNull();

    await setUserDisabled(ctx, ed.id, true);
    expect(await readSession(ctx, session.id)).toBeNull();
    expect(await authenticateToken(ctx, token)).toBeNull();
    await expect(login(ctx, 'ed', 'ed-password', 'y')).rejects.toThrow('Wrong user name or password');

    await setUserDisabled(ctx, ed.id, false);
    expect(await readSession(ctx, session.id)).toBeNull();
    expect(await authenticateToken(ctx, token)).toBeNull();
    const again = await login(ctx, 'ed', 'ed-password', 'y');
    await deleteUser(ctx, ed.id);
    expect(await readSession(ctx, again.id)).toBeNull();
    expect(await findUserByName(ctx, 'ed')).toBeUndefined();
    expect(await ctx.redis.zcard(ctx.keys.tokens)).toBe(0);
  });
});
