import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { ConfigError } from '../errors';
import { loadConfig, type Config } from '../config';

/**
 * Secrets at rest: AES-256-GCM, stored as `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts).
 * The key id beside the ciphertext lets a deployment rotate keys: the new key encrypts, old keys
 * listed in IMALERT_OLD_SECRET_KEYS still decrypt what they wrote.
 */
export interface Keyring {
  currentId: string;
  keys: Map<string, Buffer>;
}

const PREFIX = 'enc:v1:';

export function parseKey(raw: string, variable: string): Buffer {
  const value = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) {
    throw new ConfigError(`${variable} must be 32 bytes, as base64 (openssl rand -base64 32) or 64 hex characters.`);
  }
  return key;
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('imalert-key-id:').update(key).digest('hex').slice(0, 8);
}

export function generateSecretKey(): string {
  return randomBytes(32).toString('base64');
}

let cachedRing: Keyring | undefined;

/** The keyring from the environment; a ConfigError when no key is set. */
export function loadKeyring(config: Config = loadConfig()): Keyring {
  if (cachedRing && config === loadConfig()) return cachedRing;
  if (!config.IMALERT_SECRET_KEY) {
    throw new ConfigError(
      'IMALERT_SECRET_KEY is not set. `npm start` creates one in .data/secret.key; a process started on its own ' +
        'needs the same key as the UI, the controller and the workers (create one with `openssl rand -base64 32`).',
    );
  }
  const current = parseKey(config.IMALERT_SECRET_KEY, 'IMALERT_SECRET_KEY');
  const ring: Keyring = { currentId: keyIdOf(current), keys: new Map([[keyIdOf(current), current]]) };
  for (const old of (config.IMALERT_OLD_SECRET_KEYS ?? '').split(',').filter((s) => s.trim())) {
    const key = parseKey(old, 'IMALERT_OLD_SECRET_KEYS');
    ring.keys.set(keyIdOf(key), key);
  }
  if (config === loadConfig()) cachedRing = ring;
  return ring;
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(PREFIX);
}

export function encryptSecret(plain: string, ring: Keyring = loadKeyring()): string {
  const key = ring.keys.get(ring.currentId)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
  return `${PREFIX}${ring.currentId}:${parts.join(':')}`;
}

export function decryptSecret(stored: string, ring: Keyring = loadKeyring()): string {
  if (!isEncrypted(stored)) throw new Error('value is not an encrypted secret');
  const [keyId, iv, tag, ciphertext] = stored.slice(PREFIX.length).split(':');
  const key = ring.keys.get(keyId);
  if (!key) throw new Error(`secret was encrypted with key ${keyId}, which is not configured`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

/** Recognises the same secret (a webhook URL) without decrypting: HMAC under the current key. */
export function fingerprintSecret(plain: string, ring: Keyring = loadKeyring()): string {
  return createHmac('sha256', ring.keys.get(ring.currentId)!).update(plain).digest('hex').slice(0, 32);
}
