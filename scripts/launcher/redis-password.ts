import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

const PASSWORD = /^[0-9a-f]{64}$/;

/**
 * The password of imalert's own redis-server: .data/redis.password beside the secret key, created on
 * first start readable by this user only (hex, so it goes into a redis:// URL as it is).
 */
export function ensureRedisPassword(dataDir: string): string {
  const file = join(dataDir, 'redis.password');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  const password = readFileSync(file, 'utf8').trim();
  if (!PASSWORD.test(password)) throw new Error(`${file} must hold 64 hex digits (delete it to have a new one made on the next start)`);
  return password;
}
