import { hostname } from 'node:os';
import type { RedisClient } from '../redis';
import { LRUCache } from 'lru-cache';
import { Registry } from 'prom-client';
import { backoffMs } from '../backoff';
import { startHeartbeat } from '../heartbeat';
import type { Logger } from '../log';
import { DispatchMetrics } from '../metrics/dispatch-metrics';
import { RedisMetrics } from '../metrics/redis-metrics';
import { Dispatcher, type UnreadableRecord } from '../queue/dispatch';
import { ensureJobsGroup } from '../queue/group';
import { warnUnlessNoEviction } from '../redis-checks';
import type { KeyBuilder } from '../store/keys';
import { RedisClock } from './redis-clock';
import { DispatchStats } from './stats';

export interface ControllerOptions {
  redis: RedisClient;
  keys: KeyBuilder;
  log: Logger;
  /** Longest sleep between two looks at the schedule; it wakes earlier for a sooner fire time. */
  tickMs: number;
  batchSize: number;
  heartbeatMs: number;
  summaryMs?: number;
  name?: string;
  /** Where its metrics are registered (the daemon serves it); a registry of its own when not given. */
  registry?: Registry;
}

/** Retries after a failed tick: doubling, so a Redis that is away is not hammered. */
const RETRY_BACKOFF = { baseMs: 100, maxMs: 5000 };
/** How long a stopping controller waits for the batch in progress. */
export const CONTROLLER_STOP_GRACE_MS = 10_000;
/**
 * Wake before a fire time to read and prepare its batch, then send it at the fire time: twice as long as
 * the last preparation took, within these bounds (a big burst takes far longer to prepare than a few monitors).
 * Kept: an A/B showed a burst of due monitors goes out ≥ 10 % faster (docs/performance.md).
 */
const MIN_PREPARE_AHEAD_MS = 15;
const MAX_PREPARE_AHEAD_MS = 250;
/** Batches read at once and pipelined (Redis runs one while we prepare the next). */
const PIPELINED_BATCHES = 8;
const MAX_REMEMBERED_UNREADABLE = 10_000;

/**
 * The controller: a loop that, by Redis's clock, dispatches every due monitor in batches, then sleeps
 * until the next fire time (at most one tick). Any number may run side by side: the dispatch script's
 * compare-and-set makes each fire time go out once.
 */
export class Controller {
  readonly name: string;
  readonly stats = new DispatchStats();
  private readonly metrics: DispatchMetrics;
  private readonly redisMetrics: RedisMetrics;
  private readonly dispatcher: Dispatcher;
  private readonly log: Logger;
  private stopping = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private readonly clock: RedisClock;
  private upcoming?: number; // the earliest score on the schedule, as of the last tick
  private prepareAheadMs = MIN_PREPARE_AHEAD_MS;
  private redisDown = false;
  private loggedUnreadable = new LRUCache<string, string>({ max: MAX_REMEMBERED_UNREADABLE }); // id -> the JSON text already logged
  private heartbeat?: { stop(): Promise<void> };
  private summaryTimer?: NodeJS.Timeout;
  private readonly onRedisError = (error: Error) => this.noteRedisDown(error);
  private readonly onRedisReady = () => this.noteRedisBack();

  constructor(private readonly options: ControllerOptions) {
    this.name = options.name ?? `${hostname()}-${process.pid}`;
    this.log = options.log.child({ controller: this.name });
    this.dispatcher = new Dispatcher(options.redis, options.keys);
    this.clock = new RedisClock(options.redis, options.keys);
    const registry = options.registry ?? new Registry();
    this.metrics = new DispatchMetrics(registry);
    this.redisMetrics = new RedisMetrics(registry, options.redis);
  }

  async start(): Promise<void> {
    const { redis, keys } = this.options;
    redis.on('error', this.onRedisError);
    redis.on('ready', this.onRedisReady);
    await ensureJobsGroup(redis, keys);
    await warnUnlessNoEviction(redis, this.log);
    this.heartbeat = startHeartbeat({
      redis, keys, role: 'controller', name: this.name, periodMs: this.options.heartbeatMs,
      extra: () => ({ dispatched: this.stats.totalDispatched }),
      onError: (error) => this.log.debug('heartbeat failed', { error: (error as Error).message }),
      onRoundTrip: (ms) => this.redisMetrics.record(ms),
    });
    this.summaryTimer = setInterval(() => this.log.info('dispatch summary', this.stats.take()), this.options.summaryMs ?? 60_000);
    this.summaryTimer.unref();
    this.log.info('controller started', { tickMs: this.options.tickMs, batchSize: this.options.batchSize });
    this.loop = this.run();
  }

  /** Finishes the batch in progress, then stops the loop, the heartbeat and the summary. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    // While Redis is away a batch cannot finish: do not wait for it forever.
    await Promise.race([this.loop, new Promise((resolve) => setTimeout(resolve, CONTROLLER_STOP_GRACE_MS).unref())]);
    clearInterval(this.summaryTimer);
    await this.heartbeat?.stop();
    this.options.redis.off('error', this.onRedisError);
    this.options.redis.off('ready', this.onRedisReady);
    this.log.info('controller stopped', this.stats.take());
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        const sleepMs = await this.tick();
        failures = 0;
        await this.sleep(sleepMs);
      } catch (error) {
        if (this.options.redis.status === 'ready') this.log.error('dispatch failed; retrying with backoff', { error });
        else this.noteRedisDown(error as Error);
        failures += 1;
        await this.sleep(backoffMs(failures, RETRY_BACKOFF));
      }
    }
  }

  /**
   * Dispatches everything due now; returns how long to sleep before the next look. "Now" is Redis's
   * clock estimated from a recent TIME (no round trip per tick); the dispatch script checks each fire
   * time against Redis's own TIME, so an estimate that runs ahead only delays a job until a quick second look.
   * Woken just before a fire time, it reads and prepares that fire time's batch and sends it at the fire time.
   */
  async tick(): Promise<number> {
    const { batchSize, tickMs } = this.options;
    this.stats.ticks++;
    const estimate = await this.clock.now();
    const upcoming = this.upcoming;
    const prepareAhead = upcoming !== undefined && upcoming > estimate && upcoming - estimate <= this.prepareAheadMs;
    const now = prepareAhead ? upcoming : estimate;
    const woke = performance.now();
    let waitForFireTime = prepareAhead ? () => {
      this.prepareAheadMs = Math.min(MAX_PREPARE_AHEAD_MS, Math.max(MIN_PREPARE_AHEAD_MS, 2 * (performance.now() - woke)));
      return this.clock.sleepUntil(upcoming);
    } : undefined;
    let dispatched = 0;
    let early = 0;
    let next: number | undefined;
    let nextKnown = false;
    // Read in the same round trip as the first batch; used when nothing was due.
    const earliest = this.dispatcher.nextDueScore().then((score) => score, () => undefined);
    for (;;) {
      const batch = await this.dispatcher.dispatchDue(now, batchSize, PIPELINED_BATCHES, waitForFireTime);
      waitForFireTime = undefined;
      this.stats.add(batch);
      this.metrics.recordBatch(batch);
      dispatched += batch.dispatched;
      early += batch.early;
      if (batch.handled > 0) {
        next = batch.nextScore;
        nextKnown = true;
      }
      this.logUnreadable(batch.unreadable);
      if (batch.due < batchSize * PIPELINED_BATCHES || batch.handled === 0 || this.stopping) break;
    }
    if (!nextKnown) next = await earliest;
    this.upcoming = next;
    if (early > 0) return 1; // our estimate of Redis's clock ran ahead: look again in a moment
    if (next === undefined) return tickMs;
    // Wake a little before the next fire time by Redis's clock, to prepare its batch.
    const untilNext = this.clock.until(next) - this.prepareAheadMs;
    return Math.min(tickMs, Math.max(dispatched > 0 ? 0 : 1, untilNext));
  }

  private logUnreadable(records: UnreadableRecord[]): void {
    for (const { id, error, json } of records) {
      if (this.loggedUnreadable.get(id) === json) continue;
      this.loggedUnreadable.set(id, json);
      this.log.warn('monitor record is unreadable; skipping it until it is saved again', { monitorId: id, error });
    }
  }

  private noteRedisDown(error: Error): void {
    if (this.redisDown) return;
    this.redisDown = true;
    this.log.error('Redis is unavailable; retrying with backoff', { error: error.message });
  }

  private noteRedisBack(): void {
    if (!this.redisDown) return;
    this.redisDown = false;
    this.log.info('Redis is back; dispatching resumes');
    // A Redis restarted without its data has lost the group: recreate it before workers read.
    ensureJobsGroup(this.options.redis, this.options.keys).catch((error) => this.log.warn('could not recreate the jobs group', { error: (error as Error).message }));
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
