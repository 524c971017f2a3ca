import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../test/support/redis-server';
import { testContext } from '../../test/support/dashboard-context';
import type { AppContext } from '../context';
import { UserError } from '../errors';
import { ensureFirstAdmin, resetPassword } from '../users/bootstrap';
import { createUser, findUserByName } from '../users/users';
import { checkPassword, login } from './login';
import { hashPassword, verifyPassword } from './password';
import { MAX_FAILURES, MAX_FAILURES_EVERYWHERE } from './rate-limit';
import { createSession, endSession, readSession } from './sessions';

let server: TestRedis;
let ctx: AppContext;

beforeAll(async () => {
  server = await startRedis();
  ctx = testContext(server.client());
});
afterAll(async () => {
  await server?.stop();
});

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsf', a)).toBe(false);
    expect(await verifyPassword('correct horse', 'garbage')).toBe(false);
  });
});

describe('first start and reset', () => {
  it('makes the admin user once with a generated password, stores only its hash, and accepts it', async () => {
    const own = testContext(ctx.redis);
    const password = await ensureFirstAdmin(own, { generate: true });
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(await ensureFirstAdmin(own, { generate: true })).toBeUndefined();
    const admin = await findUserByName(own, 'admin');
    expect(admin).toMatchObject({ name: 'admin', role: 'admin', disabled: false });
    expect(admin!.passwordHash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(await own.redis.hgetall(own.keys.user(admin!.id)))).not.toContain(password);
    expect(await checkPassword(own, admin, password!)).toBe(true);
    expect(await checkPassword(own, admin, 'something else')).toBe(false);
  });

  it('two first starts at once make one admin and print one password', async () => {
    const own = testContext(ctx.redis);
    const printed = (await Promise.all([1, 2, 3].map(() => ensureFirstAdmin(own, { generate: true })))).filter(Boolean);
    expect(printed).toHaveLength(1);
    expect(await own.redis.zcard(own.keys.users)).toBe(1);
  });

  it('with IMALERT_ADMIN_PASSWORD prints nothing, and then that password logs in as admin', async () => {
    const own = testContext(ctx.redis, { IMALERT_ADMIN_PASSWORD: 'from-env-123' });
    expect(await ensureFirstAdmin(own, { generate: true })).toBeUndefined();
    const admin = await findUserByName(own, 'admin');
    expect(await checkPassword(own, admin, 'from-env-123')).toBe(true);
    expect(await checkPassword(own, admin, 'from-env-12')).toBe(false);
  });

  it('the UI alone makes the first admin from IMALERT_ADMIN_PASSWORD at the first login (no launcher, as on Vercel)', async () => {
    const own = testContext(ctx.redis, { IMALERT_ADMIN_PASSWORD: 'from-env-456' });
    expect(await own.redis.zcard(own.keys.users)).toBe(0);
    const session = await login(own, 'Admin', 'from-env-456', 'a');
    expect(session.user).toMatchObject({ name: 'admin', role: 'admin' });
  });

  it('adopts the admin password stored before there were users', async () => {
    const own = testContext(ctx.redis);
    await own.redis.set(own.keys.adminPassword, await hashPassword('stored-before-users'));
    expect(await ensureFirstAdmin(own, { generate: true })).toBeUndefined();
    expect((await login(own, 'admin', 'stored-before-users', 'a')).user.name).toBe('admin');
  });

  it("a reset ends that user's sessions and only the new password works", async () => {
    const own = testContext(ctx.redis);
    await resetPassword(own, 'admin', 'first-password');
    const session = await login(own, 'admin', 'first-password', 'a');
    expect(await readSession(own, session.id)).not.toBeNull();
    await resetPassword(own, 'admin', 'second-password');
    expect(await readSession(own, session.id)).toBeNull();
    await expect(login(own, 'admin', 'first-password', 'a')).rejects.toThrow('Wrong user name or password');
    expect((await login(own, 'admin', 'second-password', 'a')).id).toBeTruthy();
    await expect(resetPassword(own, 'admin', 'short')).rejects.toBeInstanceOf(UserError);
    await expect(resetPassword(own, 'nobody', 'long-enough-password')).rejects.toThrow('No user has this name');
  });
});

async function someUser(own: AppContext) {
  return (await createUser(own, { name: 'someone', role: 'viewer', passwordHash: await hashPassword('someone-password'), createdBy: 'test' }))!;
}

describe('sessions', () => {
  it('are stored under a hash of the token: no key or value holds the cookie, and a stored key is no cookie', async () => {
    const own = testContext(ctx.redis);
    const user = await someUser(own);
    await own.redis.del(...(await own.redis.keys(own.keys.session('*'))), 'placeholder');
    const session = await createSession(own, user);
    const keys = await own.redis.keys('*');
    expect(keys.filter((key) => key.includes(session.id))).toEqual([]);
    for (const key of keys) if ((await own.redis.type(key)) === 'string') expect(await own.redis.get(key)).not.toContain(session.id);
    expect(await readSession(own, session.id)).toMatchObject({ id: session.id, user: { id: user.id, name: 'someone', role: 'viewer' } });
    const [stored] = await own.redis.keys(own.keys.session('*'));
    const copied = stored.slice(own.keys.session('').length);
    expect(await readSession(own, copied)).toBeNull();
    expect(await readSession(own, Buffer.from(copied, 'hex').toString('base64url'))).toBeNull();
    await endSession(own, session.id);
    expect(await own.redis.keys(own.keys.session('*'))).toEqual([]);
  });

  it('expire with their TTL and end on logout', async () => {
    const own = testContext(ctx.redis, { IMALERT_SESSION_HOURS: '1' });
    const user = await someUser(own);
    const session = await createSession(own, user);
    expect(session.expiresAt - session.createdAt).toBe(3_600_000);
    const [key] = await own.redis.keys(own.keys.session('*'));
    expect(await own.redis.pttl(key)).toBeGreaterThan(3_590_000);
    expect(await readSession(own, session.id)).toMatchObject({ id: session.id, user: { id: user.id, name: 'someone', role: 'viewer' } });
    // Simulate the passage of time the way Redis does it: the key's TTL runs out.
    await own.redis.pexpire(key, 50);
    await new Promise((r) => setTimeout(r, 120));
    expect(await readSession(own, session.id)).toBeNull();
    const other = await createSession(own, user);
    await endSession(own, other.id);
    expect(await readSession(own, other.id)).toBeNull();
    expect(await readSession(own, 'not-a-session')).toBeNull();
    expect(await readSession(own, undefined)).toBeNull();
  });
});

describe('login rate limit', () => {
  it(`blocks an address after ${MAX_FAILURES} failures, even with the right password; other addresses are unaffected`, async () => {
    const own = testContext(ctx.redis, { IMALERT_ADMIN_PASSWORD: 'right-password' });
    for (let i = 1; i < MAX_FAILURES; i++) await expect(login(own, 'admin', 'wrong', '10.0.0.1')).rejects.toThrow('Wrong user name or password');
    await expect(login(own, 'admin', 'wrong', '10.0.0.1')).rejects.toThrow(/Too many attempts, try again in 15 minutes/);
    await expect(login(own, 'admin', 'right-password', '10.0.0.1')).rejects.toThrow(/Too many attempts/);
    expect((await login(own, 'admin', 'right-password', '10.0.0.2')).id).toBeTruthy();
    const ttl = await own.redis.pttl(own.keys.loginFailures('10.0.0.1'));
    expect(ttl).toBeGreaterThan(14 * 60_000);
  });

  it('a burst of parallel guesses cannot slip past the limit: the right password in the burst is refused too', async () => {
    const own = testContext(ctx.redis, { IMALERT_ADMIN_PASSWORD: 'right-password' });
    const guesses = [...Array.from({ length: 19 }, (_, i) => `wrong-${i}`), 'right-password'];
    const results = await Promise.allSettled(guesses.map((guess) => login(own, 'admin', guess, '10.0.0.9')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(0);
    const wrong = results.filter((r) => r.status === 'rejected' && /Wrong user name or password/.test(String(r.reason)));
    expect(wrong.length).toBeLessThan(MAX_FAILURES);
  });

  it(`after ${MAX_FAILURES_EVERYWHERE} failures from other addresses, the right password from a clean address still logs in`, async () => {
    const own = testContext(ctx.redis, { IMALERT_ADMIN_PASSWORD: 'right-password' });
    await own.redis.del(own.keys.loginFailuresEverywhere);
    for (let i = 0; i <= MAX_FAILURES_EVERYWHERE; i++) await expect(login(own, 'admin', `guess-${i}`, `elsewhere-${i % 30}`)).rejects.toThrow();
    expect((await login(own, 'admin', 'right-password', 'the-admin')).id).toBeTruthy();
    // An address that failed before in its window gets no second guess while the flood lasts.
    await expect(login(own, 'admin', 'guess-again', 'elsewhere-1')).rejects.toThrow(/Too many failed logins from all addresses, try again in 15 minutes/);
    await expect(login(own, 'admin', 'right-password', 'elsewhere-1')).rejects.toThrow(/Too many/);
    await own.redis.del(own.keys.loginFailuresEverywhere); // the window ended
  });

  it('a successful login clears earlier failures', async () => {
    const own = testContext(ctx.redis, { IMALERT_ADMIN_PASSWORD: 'right-password' });
    for (let i = 1; i < MAX_FAILURES; i++) await expect(login(own, 'admin', 'wrong', 'b')).rejects.toThrow('Wrong user name or password');
    await login(own, 'admin', 'right-password', 'b');
    await expect(login(own, 'admin', 'wrong', 'b')).rejects.toThrow('Wrong user name or password');
  });
});
