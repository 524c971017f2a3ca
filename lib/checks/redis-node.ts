import { Redis } from 'ioredis';
import type { MonitorOf } from '../monitors/schema';
import { describeError } from './net';

/** Where talking to a node went wrong: it decides how the problem is put to people. */
export type NodeStage = 'connect' | 'auth' | 'command' | 'timeout';

/** What one Redis node told us; figures are present only for the watches that are on. */
export interface NodeReport {
  address: string;
  reachable: boolean;
  failedAt?: NodeStage;
  error?: string;
  ping?: string;
  clusterState?: string;
  keys?: number;
  iops?: number;
}

export interface NodeAddress {
  host: string;
  port: number;
}

export const addressOf = (node: NodeAddress) => (node.host.includes(':') ? `[${node.host}]:${node.port}` : `${node.host}:${node.port}`);

type RedisMonitor = MonitorOf<'redis'>;

/** Redis 6+ answers AUTH this way when no password is set: the server is open, not failing. */
const NO_PASSWORD_CONFIGURED = /without any password configured|no password is set/i;

export class NodeError extends Error {
  constructor(readonly stage: NodeStage, cause: unknown) {
    super(describeError(cause));
    this.name = 'NodeError';
  }
}

/**
 * One short-lived connection to one node: no reconnects, no retries, no offline queue, torn down
 * the moment the signal aborts and always before this returns. AUTH is sent by us, not by ioredis,
 * so a wrong password comes back as this call's error instead of a background event.
 */
export async function withNode<T>(node: NodeAddress, monitor: RedisMonitor, signal: AbortSignal, use: (client: Redis) => Promise<T>): Promise<T> {
  signal.throwIfAborted();
  const client = new Redis({
    host: node.host,
    port: node.port,
    tls: monitor.tls ? { servername: /^[\d.:]+$/.test(node.host) ? undefined : node.host } : undefined,
    lazyConnect: true,
    enableReadyCheck: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    reconnectOnError: () => false,
    autoResubscribe: false,
  });
  let lastError: unknown;
  client.on('error', (error) => (lastError = error));
  const onAbort = () => closeNow(client);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    try {
      await client.connect();
    } catch (error) {
      // ioredis rejects with "Connection is closed." and reports the real reason as an event.
      throw new NodeError('connect', lastError instanceof Error ? lastError : error);
    }
    if (monitor.password) {
      try {
        await client.auth(monitor.password);
      } catch (error) {
        if (!NO_PASSWORD_CONFIGURED.test(describeError(error))) throw new NodeError(isClosed(error) ? 'connect' : 'auth', error);
      }
    }
    try {
      return await use(client);
    } catch (error) {
      throw new NodeError(isClosed(error) ? 'connect' : 'command', isClosed(error) && lastError ? lastError : error);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    closeNow(client);
  }
}

/**
 * ioredis's disconnect() only half-closes (FIN) and waits up to two seconds for the server to close
 * its side; a hung server never reads the FIN. Destroying the stream closes the socket right now.
 */
function closeNow(client: Redis): void {
  client.disconnect();
  (client.stream as { destroy?: () => void } | undefined)?.destroy?.();
}

/** A reply error is the server speaking; anything else means the connection itself failed. */
const isClosed = (error: unknown) => !(error instanceof Error && error.name === 'ReplyError');

/** Reads an `INFO` field ("name:value" lines). */
export function infoField(info: string, name: string): string | undefined {
  const match = new RegExp(`^${name}:(.*)$`, 'm').exec(info);
  return match?.[1].trim();
}

export interface Watches {
  health: boolean;
  keys: boolean;
  iops: boolean;
  /** On a cluster, health is the node's cluster_state rather than PING. */
  cluster: boolean;
  /** CLUSTER INFO's fields (slots) for the cluster conditions. */
  clusterInfo: boolean;
  /** INFO (every default section) for the deeper conditions. */
  info: boolean;
  /** CONFIG GET save: whether RDB snapshots are on. */
  rdbConfig: boolean;
  /** The PING round trip, timed on its own. */
  pingTime: boolean;
}

/** What the deeper conditions read from one node. */
export interface NodeFacts {
  info: Map<string, string>;
  /** PING round trip in ms, when timed. */
  pingMs?: number;
  /** Whether `save` has any rule; undefined when CONFIG is not allowed. */
  rdbOn?: boolean;
}

export interface NodeProbe {
  report: NodeReport;
  facts?: NodeFacts;
}

/** Every "name:value" line of an INFO answer. */
export function parseInfo(info: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of info.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}

/** Hosted Redis often forbids CONFIG: then persistence is judged as if RDB were on. */
async function rdbConfigured(client: Redis): Promise<boolean | undefined> {
  try {
    const [, rules] = (await client.config('GET', 'save')) as string[];
    return typeof rules === 'string' ? rules.trim() !== '' : undefined;
  } catch {
    return undefined;
  }
}

/** Connects to one node and collects the figures the watches ask for; never throws but on abort. */
export async function probeNode(node: NodeAddress, monitor: RedisMonitor, watches: Watches, signal: AbortSignal): Promise<NodeProbe> {
  const address = addressOf(node);
  try {
    return await withNode(node, monitor, signal, async (client) => {
      // Timed alone, so the round trip is not that of the other commands queued behind it.
      let pingMs: number | undefined;
      let timedPing: string | undefined;
      if (watches.pingTime) {
        const started = performance.now();
        timedPing = await client.ping();
        pingMs = performance.now() - started;
      }
      const [ping, clusterInfo, keys, info, rdbOn] = await Promise.all([
        watches.health && !watches.cluster ? timedPing ?? client.ping() : undefined,
        (watches.health && watches.cluster) || watches.clusterInfo ? client.cluster('INFO') as Promise<string> : undefined,
        watches.keys ? client.dbsize() : undefined,
        watches.iops || watches.info ? client.info() : undefined,
        watches.rdbConfig ? rdbConfigured(client) : undefined,
      ]);
      const report: NodeReport = { address, reachable: true };
      if (ping !== undefined) report.ping = ping;
      if (clusterInfo !== undefined && watches.health) report.clusterState = infoField(clusterInfo, 'cluster_state') ?? 'unknown';
      if (keys !== undefined) report.keys = keys;
      const fields = info === undefined ? new Map<string, string>() : parseInfo(info);
      if (watches.iops) report.iops = Number(fields.get('instantaneous_ops_per_sec') ?? NaN);
      if (clusterInfo !== undefined) for (const [name, value] of parseInfo(clusterInfo)) fields.set(name, value);
      return { report, facts: { info: fields, pingMs, rdbOn } };
    });
  } catch (error) {
    if (signal.aborted) throw error;
    const stage = error instanceof NodeError ? error.stage : 'connect';
    return { report: { address, reachable: stage !== 'connect', failedAt: stage, error: describeError(error) } };
  }
}
