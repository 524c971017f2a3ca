import { z } from 'zod';
import { ConfigError } from './errors';

const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);
/** TRUST_PROXY: a hop count, or addresses / CIDR ranges (or proxy-addr's names loopback, linklocal, uniquelocal). */
const trustedHop = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.enum(['loopback', 'linklocal', 'uniquelocal'])]);
const trustProxy = z.string().trim().refine(
  (value) => /^\d{1,2}$/.test(value) || value.split(',').every((part) => trustedHop.safeParse(part.trim()).success),
  'a hop count (e.g. 1) or comma-separated addresses / CIDR ranges (e.g. 10.0.0.0/8,127.0.0.1)',
);
const optionalString = z.string().trim().min(1).optional().catch(undefined);
/** METRICS_HOST: an address or a host name to bind the metrics endpoint to. */
const listenHost = z.union([z.ipv4(), z.ipv6(), z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/)], 'an address (127.0.0.1, 0.0.0.0, ::) or a host name');
/** host:port (an IPv6 host in brackets), as a Sentinel or Cluster node list names its members. */
const hostPort = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/;
const nodeList = z.string().trim().transform((value, context) => {
  const nodes = value.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
    const match = hostPort.exec(part);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535) return undefined;
    return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port };
  });
  if (nodes.length === 0 || nodes.some((node) => !node)) {
    context.addIssue({ code: 'custom', message: 'host:port pairs, comma-separated (e.g. redis-a:26379,redis-b:26379)' });
    return z.NEVER;
  }
  return nodes as { host: string; port: number }[];
});
const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** Every environment variable imalert reads. Documented one by one in .env.example. */
const EnvSchema = z.object({
  REDIS_URL: z.string().trim().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  REDIS_TLS_CA_FILE: z.string().trim().optional(), // PEM file of a private CA that signed the Redis servers' certificates
  // High availability: Sentinel (the current primary of a named master) or Cluster; one mode only.
  REDIS_SENTINELS: nodeList.optional(),
  REDIS_SENTINEL_MASTER: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'the master name the sentinels monitor (letters, digits, _ . -)').optional(),
  REDIS_SENTINEL_PASSWORD: z.string().optional(),
  REDIS_CLUSTER_NODES: nodeList.optional(),
  REDIS_PASSWORD: z.string().optional(), // of the data nodes; in a REDIS_URL it may be in the URL instead
  REDIS_TLS: flag.default(false), // TLS to the sentinels and data nodes (REDIS_URL says it with rediss://)
  IMALERT_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, _ . - only (1-40)').default('imalert'),
  IMALERT_SECRET_KEY: z.string().trim().optional(),
  IMALERT_OLD_SECRET_KEYS: z.string().trim().optional(),
  IMALERT_MIN_INTERVAL_SECONDS: int(10, 1, 3600),
  IMALERT_PUBLIC_URL: z.string().trim().url().optional(),
  IMALERT_ADMIN_PASSWORD: optionalString,
  IMALERT_SESSION_HOURS: int(12, 1, 24 * 30),
  SLACK_WEBHOOK_URL: z.string().trim().url().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  PORT: int(3000, 1, 65535),
  // Proxies whose X-Forwarded-For the login limit believes; unset: the socket address decides.
  TRUST_PROXY: trustProxy.optional(),
  // Set by Vercel: its x-real-ip is the client (Vercel overwrites what a client sends).
  VERCEL: z.string().optional().transform((value) => value === '1'),

  CONTROLLER_TICK_MS: int(250, 10, 60_000),
  CONTROLLER_BATCH_SIZE: int(1000, 1, 50_000),
  HEARTBEAT_MS: int(5000, 100, 600_000),

  WORKER_CONSUMER_NAME: optionalString,
  WORKER_CORE_THREADS: int(1, 1, 64),
  WORKER_MAX_THREADS: int(1, 1, 64),
  WORKER_QUEUE_LENGTH: int(1000, 1, 1_000_000),
  WORKER_CHECKS_PER_THREAD: int(256, 1, 10_000),
  // Monitors a worker keeps parsed (about 2 KB each), so a record is validated once per edit; 0: none.
  WORKER_MONITOR_CACHE: int(100_000, 0, 10_000_000),
  WORKER_VISIBILITY_TIMEOUT_MS: int(90_000, 1000, 3_600_000),
  WORKER_MAX_DELIVERIES: int(3, 1, 100),
  WORKER_SHUTDOWN_GRACE_MS: int(30_000, 0, 600_000),
  // Workers beat faster than HEARTBEAT_MS: a dead worker's jobs are claimed once its key expires (3 periods).
  WORKER_HEARTBEAT_MS: int(1000, 100, 600_000),
  CHECK_MAX_TIMEOUT_MS: int(60_000, 100, 300_000), // the forms allow timeouts up to 60 s (MAX_TIMEOUT_MS)

  ALERT_RENOTIFY_UNIT_SECONDS: int(60, 1, 3600),
  ALERT_HTTP_TIMEOUT_MS: int(10_000, 100, 120_000),
  SYSTEM_ALERT_AFTER_MS: int(60_000, 1000, 3_600_000),

  // Prometheus: each daemon serves /metrics on METRICS_PORT (unset: not at all); the UI at /api/metrics.
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: z.string().trim().pipe(listenHost).default('127.0.0.1'),
  METRICS_TOKEN: z.string().trim().regex(/^[\x21-\x7e]{16,200}$/, '16 to 200 printable characters without spaces (e.g. openssl rand -hex 32)').optional(),
}).superRefine(oneRedisMode);

/** Exactly one way to reach Redis (or none, for `npm start`'s own), each with only its own settings. */
function oneRedisMode(env: { REDIS_URL?: string; REDIS_SENTINELS?: unknown; REDIS_SENTINEL_MASTER?: string; REDIS_SENTINEL_PASSWORD?: string; REDIS_CLUSTER_NODES?: unknown; REDIS_PASSWORD?: string; REDIS_TLS: boolean }, context: z.RefinementCtx): void {
  const issue = (path: string, message: string) => context.addIssue({ code: 'custom', path: [path], message });
  const modes = (['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'] as const).filter((name) => env[name] !== undefined);
  if (modes.length > 1) issue(modes[1], `set only one of REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES (${modes.join(' and ')} are set)`);
  if (env.REDIS_SENTINELS !== undefined && !env.REDIS_SENTINEL_MASTER) issue('REDIS_SENTINEL_MASTER', 'the name of the master the sentinels monitor is required with REDIS_SENTINELS');
  if (env.REDIS_SENTINELS === undefined) {
    if (env.REDIS_SENTINEL_MASTER) issue('REDIS_SENTINEL_MASTER', 'only used with REDIS_SENTINELS');
    if (env.REDIS_SENTINEL_PASSWORD) issue('REDIS_SENTINEL_PASSWORD', 'only used with REDIS_SENTINELS');
  }
  if (env.REDIS_URL !== undefined) {
    if (env.REDIS_TLS) issue('REDIS_TLS', 'with REDIS_URL, TLS is chosen by the scheme: use rediss://');
    if (env.REDIS_PASSWORD && urlPassword(env.REDIS_URL)) issue('REDIS_PASSWORD', 'REDIS_URL has a password already; set it in one place');
  }
}

function urlPassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

export type Config = z.infer<typeof EnvSchema>;

/** The names of every variable loadConfig reads (a test holds .env.example to this list). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

let cached: Config | undefined;

/** Parses the environment once; a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  if (env === process.env && cached) return cached;
  // An empty variable (as copied from .env.example) means "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const result = EnvSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment: ${lines.join('; ')}`);
  }
  if (env === process.env) cached = result.data;
  return result.data;
}

interface RedisAccess {
  password?: string;
  tls: boolean;
  caFile?: string;
}

/** How to reach Redis: one server by URL, the primary that Sentinel names, or a Cluster. */
export type RedisConnection = RedisAccess & (
  | { mode: 'url'; url: string }
  | { mode: 'sentinel'; sentinels: { host: string; port: number }[]; masterName: string; sentinelPassword?: string }
  | { mode: 'cluster'; nodes: { host: string; port: number }[] }
);

/** Whether any Redis is configured (else `npm start` runs its own). */
export function hasRedisConfigured(config: Config): boolean {
  return Boolean(config.REDIS_URL || config.REDIS_SENTINELS || config.REDIS_CLUSTER_NODES);
}

/** The configured Redis, or a ConfigError saying how to get one. */
export function requireRedisConnection(config: Config): RedisConnection {
  const access = { password: config.REDIS_PASSWORD || undefined, caFile: config.REDIS_TLS_CA_FILE || undefined };
  if (config.REDIS_SENTINELS && config.REDIS_SENTINEL_MASTER) {
    return { mode: 'sentinel', sentinels: config.REDIS_SENTINELS, masterName: config.REDIS_SENTINEL_MASTER, sentinelPassword: config.REDIS_SENTINEL_PASSWORD || undefined, tls: config.REDIS_TLS, ...access };
  }
  if (config.REDIS_CLUSTER_NODES) return { mode: 'cluster', nodes: config.REDIS_CLUSTER_NODES, tls: config.REDIS_TLS, ...access };
  if (config.REDIS_URL) return { mode: 'url', url: config.REDIS_URL, tls: config.REDIS_URL.startsWith('rediss://'), ...access };
  throw new ConfigError('REDIS_URL is not set. Set it (redis:// or rediss://), or REDIS_SENTINELS or REDIS_CLUSTER_NODES, or use `npm start`, which runs a local redis-server for you.');
}

/** Test-only: forget the parsed environment so a test can change process.env. */
export function resetConfigForTests(): void {
  cached = undefined;
}
