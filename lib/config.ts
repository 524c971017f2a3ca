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

/** Every environment variable imalert reads. Documented one by one in .env.example. */
const EnvSchema = z.object({
  REDIS_URL: z.string().trim().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  REDIS_TLS_CA_FILE: z.string().trim().optional(), // PEM file of a private CA that signed a rediss:// server
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
});

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

/** The Redis URL, or a ConfigError saying how to get one. */
export function requireRedisUrl(config: Config): string {
  if (!config.REDIS_URL) {
    throw new ConfigError('REDIS_URL is not set. Set it (redis:// or rediss://), or use `npm start`, which runs a local redis-server for you.');
  }
  return config.REDIS_URL;
}

/** Test-only: forget the parsed environment so a test can change process.env. */
export function resetConfigForTests(): void {
  cached = undefined;
}
