import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkPassword, createSession, readSession } from '../lib/auth';
import { createUser, findUserByName } from '../lib/users';
import type { AppContext } from '../lib/context';
import { startRedis, type TestRedis } from '../test/support/redis-server';
import { testContext } from '../test/support/dashboard-context';

let redis: TestRedis;
let ctx: AppContext;

beforeAll(async () => {
  redis = await startRedis();
  ctx = testContext(redis.client());
});
afterAll(async () => {
  await redis?.stop();
});

/** `npm run reset-password` as a user runs it: its arguments, and what is piped to it. */
function resetPassword(args: string[], stdin = ''): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REDIS_URL: redis.url,
    IMALERT_KEY_PREFIX: ctx.config.IMALERT_KEY_PREFIX,
    IMALERT_SECRET_KEY: randomBytes(32).toString('base64'),
  };
  delete env.IMALERT_ADMIN_PASSWORD;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/reset-password.ts', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

async function passwordWorks(name: string, password: string): Promise<boolean> {
  return checkPassword(ctx, await findUserByName(ctx, name), password);
}

it("sets a user's password (as an argument or piped), ends their sessions, and refuses one that is too short", async () => {
  const made = await resetPassword(['admin', 'first-new-password']);
  expect(made.code).toBe(0);
  expect(made.output).toContain('The password of admin was changed');
  expect(made.output).not.toContain('first-new-password');
  expect(await passwordWorks('admin', 'first-new-password')).toBe(true);
  const admin = (await findUserByName(ctx, 'admin'))!;
  expect(admin.passwordHash).toMatch(/^scrypt\$/);
  const session = await createSession(ctx, admin);

  const piped = await resetPassword(['admin'], 'piped-new-password\n');
  expect(piped.code).toBe(0);
  expect(await passwordWorks('admin', 'piped-new-password')).toBe(true);
  expect(await passwordWorks('admin', 'first-new-password')).toBe(false);
  expect(await readSession(ctx, session.id)).toBeNull();

  const tooShort = await resetPassword(['admin', 'short']);
  expect(tooShort.code).toBe(1);
  expect(tooShort.output).toContain('at least 8 characters');
  expect(await passwordWorks('admin', 'piped-new-password')).toBe(true);
});

it('takes any user by name, and refuses a name no user has without echoing it', async () => {
  await createUser(ctx, { name: 'vera', role: 'viewer', passwordHash: 'none yet', createdBy: 'test' });
  const vera = await resetPassword(['vera', 'vera-new-password']);
  expect(vera.code).toBe(0);
  expect(await passwordWorks('vera', 'vera-new-password')).toBe(true);
  expect(await passwordWorks('admin', 'piped-new-password')).toBe(true);

  const unknown = await resetPassword(['looks-like-a-password', 'whatever-password']);
  expect(unknown.code).toBe(1);
  expect(unknown.output).toContain('No user has this name; nothing was changed.');
  expect(unknown.output).not.toContain('looks-like-a-password');
  expect(await findUserByName(ctx, 'looks-like-a-password')).toBeUndefined();
});
