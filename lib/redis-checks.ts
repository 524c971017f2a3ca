import { serversOf, type RedisClient } from './redis';

interface WarnLogger {
  warn(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Daemons call this on start: with any policy but noeviction, Redis may silently drop the schedule,
 * a job stream or a monitor under memory pressure. Hosted Redis often forbids CONFIG; then we say
 * we could not check instead of failing. Returns the policy, or undefined when it could not be read.
 */
export async function warnUnlessNoEviction(redis: RedisClient, log: WarnLogger): Promise<string | undefined> {
  let policy: string | undefined;
  try {
    // Every primary of a Cluster: the one holding imalert's slot may change with a failover.
    const replies = (await Promise.all(serversOf(redis).map((server) => server.config('GET', 'maxmemory-policy')))) as string[][];
    policy = replies.map((reply) => reply?.[1]).find((each) => each && each !== 'noeviction') ?? replies[0]?.[1];
  } catch (error) {
    log.debug('could not read maxmemory-policy (CONFIG GET is not allowed here)', { error: (error as Error).message });
    return undefined;
  }
  if (policy && policy !== 'noeviction') {
    log.warn('Redis maxmemory-policy is not noeviction: under memory pressure Redis may evict monitors, the schedule or queued jobs. Set `maxmemory-policy noeviction`.', { maxmemoryPolicy: policy });
  }
  return policy;
}
