import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { describeRedisConnection, describeRedisUrl, isFree, MissingRedisServerError, startOwnRedis } from './own-redis';
import { ensureSecretKey } from './secret-key';

const dirs: string[] = [];

/** Sends raw RESP commands and collects the first `lines` reply lines. */
function rawReplies(port: number, commands: string, lines: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(commands));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.split('\r\n').length > lines) socket.end(() => resolve(text));
    });
    socket.on('error', reject);
  });
}
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'imalert-launcher-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('own redis-server', () => {
  it('persists its data under .data/redis and comes back on the same port with it', async () => {
    const data = tempDir();
    const first = await startOwnRedis(data);
    const client = new Redis(first.url);
    await client.set('kept', 'yes');
    expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    client.disconnect();
    await first.stop();

    const second = await startOwnRedis(data);
    expect(second.url).toBe(first.url);
    const again = new Redis(second.url);
    expect(await again.get('kept')).toBe('yes');
    again.disconnect();
    await second.stop();
  });

  it('requires its generated password, kept in .data/redis.password (mode 0600), and says NOAUTH without it', async () => {
    const data = tempDir();
    const own = await startOwnRedis(data);
    try {
      const file = join(data, 'redis.password');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const password = readFileSync(file, 'utf8').trim();
      expect(password).toMatch(/^[0-9a-f]{64}$/);
      expect(decodeURIComponent(new URL(own.url).password)).toBe(password);
      const port = Number(new URL(own.url).port);
      // A plain connection, as any local process could open one.
      expect(await rawReplies(port, 'GET anything\r\nAUTH guessed\r\n', 2)).toMatch(/^-NOAUTH.*\r\n-WRONGPASS/s);
      const client = new Redis(own.url);
      expect(await client.set('works', '1')).toBe('OK');
      client.disconnect();
    } finally {
      await own.stop();
    }
    // The next start keeps the same password.
    const again = await startOwnRedis(data);
    expect(new URL(again.url).password).toBe(new URL(own.url).password);
    await again.stop();
  });

  it('reuses a redis-server left running on its data instead of starting a second one on the same files', async () => {
    const data = tempDir();
    const orphan = await startOwnRedis(data); // as if the launcher that started it had been killed
    const adopted = await startOwnRedis(data);
    expect(adopted.url).toBe(orphan.url);
    expect(adopted.description).toContain('reused');
    const exited = new Promise((resolve) => orphan.child!.once('exit', resolve));
    await adopted.stop();
    await exited;
    expect(await isFree(Number(new URL(orphan.url).port))).toBe(true);
  });

  it('says how to install redis-server or set REDIS_URL when there is none on PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = tempDir();
    try {
      const error = await startOwnRedis(tempDir()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MissingRedisServerError);
      expect((error as Error).message).toMatch(/apt-get install redis-server.*REDIS_URL/s);
    } finally {
      process.env.PATH = path;
    }
  });

  it('never prints a Redis password', () => {
    expect(describeRedisUrl('rediss://user:hunter2@redis.example.com:6380/0')).toBe('rediss://user:****@redis.example.com:6380/0');
    const sentinel = describeRedisConnection({
      mode: 'sentinel', sentinels: [{ host: 's1', port: 26379 }, { host: '::1', port: 26380 }], masterName: 'imalert', sentinelPassword: 'hunter3', password: 'hunter2', tls: true,
    });
    expect(sentinel).toBe('master "imalert" via sentinels s1:26379, [::1]:26380, TLS (from REDIS_SENTINELS)');
    const cluster = describeRedisConnection({ mode: 'cluster', nodes: [{ host: 'n1', port: 7000 }], password: 'hunter2', tls: false });
    expect(cluster).toBe('cluster of n1:7000 (from REDIS_CLUSTER_NODES)');
  });
});

describe('secret key', () => {
  it('is created once in .data/secret.key, readable by the owner only, and reused', () => {
    const data = tempDir();
    const first = ensureSecretKey(undefined, data);
    const file = join(data, 'secret.key');
    expect(first.source).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(first.key, 'base64')).toHaveLength(32);
    expect(ensureSecretKey(undefined, data).key).toBe(first.key);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.key);
  });

  it('comes from IMALERT_SECRET_KEY when set, and a bad one is refused with its name', () => {
    const data = tempDir();
    expect(ensureSecretKey('a'.repeat(64), data)).toEqual({ key: 'a'.repeat(64), source: 'IMALERT_SECRET_KEY' });
    expect(() => ensureSecretKey('short', data)).toThrow(/IMALERT_SECRET_KEY must be 32 bytes/);
    writeFileSync(join(data, 'secret.key'), 'broken\n');
    expect(() => ensureSecretKey(undefined, data)).toThrow(/secret\.key must be 32 bytes/);
  });
});
