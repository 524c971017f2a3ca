import { expect, KEY_PREFIX, test } from './support/fixtures';
import { captureLoginAction, replayLogin } from './support/login-replay';

// Logins sent over real connections from other loopback addresses (127.0.0.x), as different machines
// would: the limit must count the connection's address, whatever headers the client adds.
const clearLimits = async (redis: import('ioredis').Redis) => {
  const keys = await redis.keys(`${KEY_PREFIX()}:auth:fail*`);
  if (keys.length > 0) await redis.del(...keys);
};

test.afterEach(async ({ redis }) => clearLimits(redis));

test('made-up X-Forwarded-For / X-Real-IP headers do not give a client a fresh login limit', async ({ page, redis }) => {
  await clearLimits(redis);
  const login = await captureLoginAction(page);
  const from = '127.0.0.50';
  for (let i = 1; i <= 5; i++) {
    const spoof = { 'x-forwarded-for': `203.0.113.${i}`, 'x-real-ip': `198.51.100.${i}`, 'x-imalert-client': `192.0.2.${i}` };
    const outcome = await replayLogin(login, `wrong-${i}`, from, spoof);
    expect(outcome.loggedIn).toBe(false);
    expect(outcome.text).toMatch(i < 5 ? /Wrong user name or password/ : /Too many attempts/);
  }
  // The sixth try, with the right password and yet another claimed address, is still refused.
  const sixth = await replayLogin(login, process.env.E2E_ADMIN_PASSWORD!, from, { 'x-forwarded-for': '203.0.113.99', 'x-real-ip': '203.0.113.99' });
  expect(sixth.loggedIn).toBe(false);
  expect(sixth.text).toMatch(/Too many attempts, try again in 15 minutes/);
  // Another machine is not affected by that one's failures.
  expect((await replayLogin(login, process.env.E2E_ADMIN_PASSWORD!, '127.0.0.51')).loggedIn).toBe(true);
});

test('a flood of failed logins from other addresses does not lock out the admin at a clean address', async ({ page, redis }) => {
  test.setTimeout(180_000);
  await clearLimits(redis);
  const login = await captureLoginAction(page);
  let failures = 0;
  for (let host = 100; failures <= 100; host++) {
    for (let i = 0; i < 5; i++, failures++) expect((await replayLogin(login, `guess-${failures}`, `127.0.0.${host}`)).loggedIn).toBe(false);
  }
  expect(Number(await redis.get(`${KEY_PREFIX()}:auth:fail-everywhere`))).toBeGreaterThanOrEqual(100);
  const admin = await replayLogin(login, process.env.E2E_ADMIN_PASSWORD!, '127.0.0.200');
  expect(admin.text).not.toMatch(/Too many/);
  expect(admin.loggedIn).toBe(true);
});
