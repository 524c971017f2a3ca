import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkAdminPassword, createSession, readSession } from '../lib/auth';
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

it('sets a new password (as an argument or piped), ends every session, and refuses one that is too short', async () => {
  const session = await createSession(ctx);
  const byArgument = await resetPassword(['first-new-password']);
  expect(byArgument.code).toBe(0);
  expect(byArgument.output).toContain('The admin password was changed');
  expect(byArgument.output).not.toContain('first-new-password');
  expect(await checkAdminPassword(ctx, 'first-new-password')).toBe(true);
  expect(await readSession(ctx, session.id)).toBeNull();
  expect(await redis.client().get(ctx.keys.adminPassword)).toMatch(/^scrypt\$/);

  const piped = await resetPassword([], 'piped-new-password\n');
  expect(piped.code).toBe(0);
  expect(await checkAdminPassword(ctx, 'piped-new-password')).toBe(true);
  expect(await checkAdminPassword(ctx, 'first-new-password')).toBe(false);

  const tooShort = await resetPassword(['short']);
  expect(tooShort.code).toBe(1);
  expect(tooShort.output).toContain('at least 8 characters');
  expect(await checkAdminPassword(ctx, 'piped-new-password')).toBe(true);
});
