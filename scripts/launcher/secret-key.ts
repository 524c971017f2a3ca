import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSecretKey, parseKey } from '../../lib/crypto/secrets';

/**
 * The key that encrypts secrets at rest: IMALERT_SECRET_KEY when set (a deployment gives every process
 * the same one), else .data/secret.key, created on first start readable by this user only.
 */
export function ensureSecretKey(fromEnv: string | undefined, dataDir: string): { key: string; source: string } {
  if (fromEnv) {
    parseKey(fromEnv, 'IMALERT_SECRET_KEY');
    return { key: fromEnv, source: 'IMALERT_SECRET_KEY' };
  }
  const file = join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${generateSecretKey()}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  const key = readFileSync(file, 'utf8').trim();
  parseKey(key, file);
  return { key, source: file };
}
