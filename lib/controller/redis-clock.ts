import { redisNow, type RedisClient } from '../redis';
import type { KeyBuilder } from '../store/keys';

/** How often the estimate is refreshed with TIME. */
const REFRESH_MS = 2000;

/**
 * Redis's clock as seen from this process: an offset from our own clock, measured with Redis's TIME every
 * couple of seconds, so a tick needs no round trip to know "now" and can sleep until a fire time.
 * Only an estimate: the dispatch script checks fire times against Redis's own TIME.
 */
export class RedisClock {
  private offsetMs = 0; // Redis's clock minus ours
  private readAt = 0;

  constructor(private readonly redis: RedisClient, private readonly keys: KeyBuilder) {}

  /** Redis's time now (ms), reading Redis's clock first when the last reading is stale. */
  async now(): Promise<number> {
    if (Date.now() - this.readAt > REFRESH_MS) {
      const before = Date.now();
      this.offsetMs = (await redisNow(this.redis, this.keys)) - (before + Date.now()) / 2;
      this.readAt = Date.now();
    }
    return this.estimate();
  }

  estimate(): number {
    return Math.floor(Date.now() + this.offsetMs);
  }

  /** Ms until Redis's clock reaches `time` (negative when it has passed). */
  until(time: number): number {
    return time - (Date.now() + this.offsetMs);
  }

  /** Waits until Redis's clock has passed `time` (+1 ms: timers may fire a little early). */
  async sleepUntil(time: number): Promise<void> {
    const ms = this.until(time) + 1;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }
}
