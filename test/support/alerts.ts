import { afterAll, beforeAll, beforeEach } from 'vitest';
import { loadConfig } from '../../lib/config';
import { loadKeyring } from '../../lib/crypto/secrets';
import { createRedis } from '../../lib/redis';
import { createKeys } from '../../lib/store/keys';
import { createLogger } from '../../lib/log';
import type { AlertContext } from '../../lib/alerts/types';
import type { AppContext } from '../../lib/context';
import { startRedis, type TestRedis } from './redis-server';
import { startSlackStandIn, type SlackStandIn } from './slack-stand-in';

/** A fixed test key (32 bytes, base64): children spawned by a test must use the same one. */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

/** The environment for an alert sender in tests: short timeouts so retries happen within seconds. */
export function alertTestEnv(redisUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL: redisUrl,
    IMALERT_SECRET_KEY: TEST_SECRET_KEY,
    IMALERT_KEY_PREFIX: 'alerts-test',
    ALERT_HTTP_TIMEOUT_MS: '1000',
    SYSTEM_ALERT_AFTER_MS: '3600000',
    LOG_LEVEL: 'error',
    ...extra,
  };
}

export function alertTestContext(redisUrl: string, extra: Record<string, string> = {}): AlertContext {
  const config = loadConfig(alertTestEnv(redisUrl, extra) as NodeJS.ProcessEnv);
  return { config, redis: createRedis(redisUrl, 'daemon'), keys: createKeys(config.IMALERT_KEY_PREFIX), keyring: loadKeyring(config) };
}

/** A redis-server and an alert context on it, of the test file's own; Redis is emptied before each test. */
export function alertContextPerFile(onStart: (ctx: AlertContext) => void): void {
  let redis: TestRedis | undefined;
  let ctx: AlertContext | undefined;
  beforeAll(async () => {
    redis = await startRedis();
    ctx = alertTestContext(redis.url);
    onStart(ctx);
  });
  afterAll(async () => {
    ctx?.redis.disconnect();
    await redis?.stop();
  });
  beforeEach(async () => {
    await ctx!.redis.flushall();
  });
}

export const quietLog = createLogger({ test: true }, 'error');

/**
 * A redis-server and a Slack stand-in of the test file's own: `beforeAll(servers.start)` and
 * `afterAll(servers.stop)`; `reset()` empties Redis and gives the next test a fresh stand-in.
 */
export function alertServers() {
  let redis: TestRedis | undefined;
  let slack: SlackStandIn | undefined;
  const started = <T>(server: T | undefined): T => {
    if (!server) throw new Error('the alert test servers are not started: beforeAll(servers.start)');
    return server;
  };
  const servers = {
    get redis(): TestRedis {
      return started(redis);
    },
    get slack(): SlackStandIn {
      return started(slack);
    },
    async start(): Promise<void> {
      redis = await startRedis();
      slack = await startSlackStandIn();
    },
    async stop(): Promise<void> {
      await slack?.stop();
      redis?.resume(); // a test may have left it frozen
      await redis?.stop();
    },
    async reset(): Promise<void> {
      await servers.redis.client().flushall();
      await slack?.stop();
      slack = await startSlackStandIn();
    },
    /** The headline of every message Slack accepted, in order. */
    headers: (): string[] => servers.slack.accepted().map((r) => String(r.body?.blocks?.[0]?.text?.text ?? '')),
    /** How many accepted messages had this headline. */
    count: (header: string): number => servers.headers().filter((h) => h === header).length,
  };
  return servers;
}

const EVENT_OF_HEADER: Array<[RegExp, string]> = [
  [/^🔴 DOWN — (.*)$/s, 'down'], [/^🔺 WORSE — (.*)$/s, 'worse'], [/^✅ RESOLVED — (.*)$/s, 'resolved'], [/^🔁 Still down — (.*)$/s, 'renotify'],
  [/^⏰ Reminder — (.*)$/s, 'reminder'],
];
const EVENT_OF_LINE: Record<string, string> = { down: 'down', resolved: 'resolved', 'still down': 'renotify', reminder: 'reminder', system: 'system' };

/**
 * The alerts a posted Slack payload carries, in order, as "type name" strings: one for a single
 * alert (from its header), one per named line for a digest (plus its "and N more" count).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function alertsInPayload(body: any): { events: string[]; more: number } {
  const blocks = (body?.blocks ?? []) as Array<{ type: string; text?: { text: string }; elements?: Array<{ text: string }> }>;
  const header = blocks.find((b) => b.type === 'header')?.text?.text ?? '';
  for (const [pattern, type] of EVENT_OF_HEADER) {
    const match = header.match(pattern);
    if (match) return { events: [`${type} ${match[1]}`], more: 0 };
  }
  const events: string[] = [];
  for (const block of blocks.filter((b) => b.type === 'section' && b.text)) {
    for (const line of block.text!.text.split('\n')) {
      const match = line.match(/^\S+ \*(.+?)\* — ([a-z ]+?)(?::|$)/);
      if (match) events.push(`${EVENT_OF_LINE[match[2]] ?? match[2]} ${match[1]}`);
    }
  }
  const context = blocks.filter((b) => b.type === 'context').map((b) => b.elements?.[0]?.text ?? '').join(' ');
  const more = Number(context.match(/and (\d+) more/)?.[1] ?? 0);
  return { events, more };
}

/** Alerts ever enqueued (XADDs to the outbox, delivered ones included): each is added with the result that raised it. */
export async function alertsEnqueued(ctx: Pick<AppContext, 'redis' | 'keys'>): Promise<number> {
  const info = (await ctx.redis.xinfo('STREAM', ctx.keys.outbox).catch(() => [])) as unknown[];
  const at = info.indexOf('entries-added');
  return at < 0 ? 0 : Number(info[at + 1]);
}
