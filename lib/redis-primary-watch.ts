import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Redis } from 'ioredis';
import type { RedisConnection } from './config';

type SentinelConnection = Extract<RedisConnection, { mode: 'sentinel' }>;

/** What one process asks the sentinels on behalf of all its connections to one master. */
interface Watch {
  connection: SentinelConnection;
  tls?: ConnectionOptions;
  clients: Set<Redis>;
  sentinel?: Redis;
  next: number;
  timer: NodeJS.Timeout;
}

const CHECK_EVERY_MS = 2000;
const watches = new Map<string, Watch>();
const watchOf = new WeakMap<Redis, Watch>();

/**
 * A frozen primary (a stalled host) keeps its TCP connections open and answers nothing, so ioredis
 * never reconnects by itself: every few seconds one sentinel is asked who the primary is, and a
 * connection still on another server is closed, which sends it back through the sentinels (its
 * unanswered commands are sent again there). Cheaper and safer than ioredis's failoverDetector, whose
 * switch can end a connection for good.
 */
export function watchPrimary(client: Redis, connection: SentinelConnection, tls?: ConnectionOptions): void {
  const id = `${connection.masterName}@${connection.sentinels.map((s) => `${s.host}:${s.port}`).join(',')}`;
  let watch = watches.get(id);
  if (!watch) {
    const created: Watch = { connection, tls, clients: new Set(), next: 0, timer: setInterval(() => void check(created), CHECK_EVERY_MS) };
    created.timer.unref();
    watches.set(id, created);
    watch = created;
  }
  const owner = watch;
  owner.clients.add(client);
  watchOf.set(client, owner);
  client.once('end', () => {
    owner.clients.delete(client);
    if (owner.clients.size > 0) return;
    clearInterval(owner.timer);
    owner.sentinel?.disconnect();
    watches.delete(id);
  });
}

/** A duplicate of a watched connection is watched too. */
export function watchLike(original: Redis, duplicate: Redis): void {
  const watch = watchOf.get(original);
  if (watch) watchPrimary(duplicate, watch.connection, watch.tls);
}

async function check(watch: Watch): Promise<void> {
  const primary = await askPrimary(watch).catch(() => undefined);
  if (!primary) return;
  for (const client of watch.clients) {
    const stream = client.stream;
    if (client.status !== 'ready' || !stream?.remoteAddress) continue;
    if (stream.remotePort !== primary.port || !sameAddress(stream.remoteAddress, primary.addresses)) client.disconnect(true);
  }
}

async function askPrimary(watch: Watch): Promise<{ port: number; addresses: string[] } | undefined> {
  const { sentinels, masterName, sentinelPassword } = watch.connection;
  if (!watch.sentinel) {
    const { host, port } = sentinels[watch.next % sentinels.length];
    watch.sentinel = new Redis({
      host, port, password: sentinelPassword, tls: watch.tls, connectionName: 'imalert-primary-watch',
      lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, commandTimeout: 1000, connectTimeout: 1000, enableOfflineQueue: false,
    });
    watch.sentinel.on('error', () => undefined);
  }
  try {
    if (watch.sentinel.status === 'wait') await watch.sentinel.connect();
    const reply = (await watch.sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName)) as [string, string] | null;
    if (!reply) return undefined;
    const [host, port] = reply;
    return { port: Number(port), addresses: isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address) };
  } catch (error) {
    // This sentinel is gone or stalled: the next check asks the next one.
    watch.sentinel.disconnect();
    watch.sentinel = undefined;
    watch.next += 1;
    throw error;
  }
}

const sameAddress = (remote: string, addresses: string[]) => addresses.includes(remote.replace(/^::ffff:/, ''));
