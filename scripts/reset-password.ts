/**
 * `npm run reset-password -- <user>`: sets a new password for that user (its scrypt hash in Redis)
 * and ends their sessions; for "admin" on an installation without users it makes the first admin. The
 * password comes from the second argument, from stdin when it is piped, or from a prompt (typed
 * twice, not echoed). Uses the configured Redis (REDIS_URL, Sentinel, Cluster), or the redis-server `npm start` runs
 * under .data/redis.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { recordAudit } from '../lib/audit/audit';
import { hasRedisConfigured, loadConfig, requireRedisConnection, type Config, type RedisConnection } from '../lib/config';
import { isUserError } from '../lib/errors';
import { createRedis } from '../lib/redis';
import { createKeys } from '../lib/store/keys';
import { FIRST_ADMIN, resetPassword } from '../lib/users/bootstrap';

function redisConnection(config: Config): RedisConnection {
  if (hasRedisConfigured(config)) return requireRedisConnection(config);
  const portFile = join(process.cwd(), '.data', 'redis', 'port');
  if (existsSync(portFile)) return { mode: 'url', url: `redis://127.0.0.1:${readFileSync(portFile, 'utf8').trim()}`, tls: false };
  throw new Error('REDIS_URL is not set and no local Redis from `npm start` was found (.data/redis/port). Set REDIS_URL (or REDIS_SENTINELS, REDIS_CLUSTER_NODES), or start imalert once with `npm start`.');
}

async function readPiped(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.split(/\r?\n/)[0] ?? '';
}

/** Asks without echoing what is typed. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput(s: string): void };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    output._writeToOutput = (s: string) => {
      if (s.startsWith(question)) process.stdout.write(question);
    };
  });
}

async function newPassword(): Promise<string> {
  const fromArg = process.argv[3];
  if (fromArg) return fromArg;
  if (!process.stdin.isTTY) return readPiped();
  const first = await askHidden(`New password for ${userName()}: `);
  const again = await askHidden('Again: ');
  if (first !== again) throw new Error('The two passwords differ; nothing was changed.');
  return first;
}

/** The user whose password to set: the first argument, "admin" when there is none. */
function userName(): string {
  return (process.argv[2] ?? FIRST_ADMIN).trim().toLowerCase();
}

async function main(): Promise<void> {
  const config = loadConfig();
  const name = userName();
  if (config.IMALERT_ADMIN_PASSWORD && name === FIRST_ADMIN) {
    console.warn('Note: IMALERT_ADMIN_PASSWORD is set, and it wins over the stored password of admin until you remove it.');
  }
  const password = await newPassword();
  const redis = createRedis(redisConnection(config), 'ui');
  try {
    await resetPassword({ redis, keys: createKeys(config.IMALERT_KEY_PREFIX), config }, name, password);
    await recordAudit({ redis, keys: createKeys(config.IMALERT_KEY_PREFIX) }, { actor: name, action: 'user.password', detail: 'npm run reset-password', via: 'cli' });
    console.log(`The password of ${name} was changed; their sessions have ended.`);
  } finally {
    redis.disconnect();
  }
}

main().catch((error) => {
  console.error(isUserError(error) ? error.message : `reset-password failed: ${(error as Error).message}`);
  process.exitCode = 1;
});
