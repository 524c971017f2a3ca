import { hostname } from 'node:os';
import { Registry } from 'prom-client';
import { startAlertDelivery } from '../alerts';
import { backoffMs } from '../backoff';
import { hasRedisConfigured, requireRedisConnection } from '../config';
import type { AppContext } from '../context';
import { startHeartbeat, type Heartbeat } from '../heartbeat';
import { createLogger, type Logger } from '../log';
import { duplicateRedis, type RedisClient } from '../redis';
import { RedisMetrics } from '../metrics/redis-metrics';
import { WorkerMetrics } from '../metrics/worker-metrics';
import { MAINTENANCE_REFRESH_MS, MaintenanceView } from '../maintenance/worker-view';
import { LET_GO_MS, settlesWithin } from '../shutdown';
import { warnUnlessNoEviction } from '../redis-checks';
import { claimOwnLeftovers, renewEntries } from '../queue/claim';
import { ackMalformed, readNewJobs } from '../queue/consume';
import { ensureJobsGroup } from '../queue/group';
import { trimJobs } from '../queue/trim';
import { JobFlow } from './job-flow';
import { CheckPool } from './pool';
import { sleep } from './retry';
import { Takeovers } from './takeovers';

export interface WorkerOptions {
  log?: Logger;
  consumerName?: string;
  /** Where its metrics are registered (the daemon serves it); a registry of its own when not given. */
  registry?: Registry;
}

/** How long one XREADGROUP waits for a job: also how fast a stopping worker stops reading. */
const READ_BLOCK_MS = 1000;
const TRIM_EVERY_MS = 10_000;

/**
 * A worker process's work: reads jobs from the stream as one consumer of the group, runs them in a
 * tinypool pool (through JobFlow), takes over the jobs of dead workers (Takeovers), renews its own,
 * trims the stream and announces itself with a heartbeat. stop() finishes what is in flight first.
 */
export class Worker {
  readonly consumer: string;
  private readonly log: Logger;
  private readonly pool: CheckPool;
  private readonly flow: JobFlow;
  private readonly takeovers: Takeovers;
  private readonly reader: RedisClient;
  private readonly writer: RedisClient;
  private readonly registry: Registry;
  private readonly redisMetrics: RedisMetrics;
  private readonly maintenance: MaintenanceView;
  private heartbeat?: Heartbeat;
  private alerts?: { stop(): Promise<void> };
  private readLoop?: Promise<void>;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopping = false;
  private lastRedisWarning = 0;

  constructor(private readonly ctx: AppContext, options: WorkerOptions = {}) {
    const c = ctx.config;
    this.consumer = options.consumerName ?? c.WORKER_CONSUMER_NAME ?? `${hostname()}-${process.pid}`;
    this.log = (options.log ?? createLogger({ process: 'worker' })).child({ consumer: this.consumer });
    // A duplicate has none of the scripts its original was given: duplicateRedis defines them anew.
    this.reader = duplicateRedis(ctx.redis, { enableAutoPipelining: false, connectionName: 'imalert-worker-read' });
    // Results (and their acks) get a connection of their own, so a batch's result script never queues
    // behind claims, heartbeats and alert delivery on the shared one.
    this.writer = duplicateRedis(ctx.redis, { connectionName: 'imalert-worker-results' });
    for (const client of [ctx.redis, this.reader, this.writer]) client.on('error', (error) => this.redisTrouble(error));
    this.registry = options.registry ?? new Registry();
    const metrics = new WorkerMetrics(this.registry, () => this.flow.held.count);
    this.redisMetrics = new RedisMetrics(this.registry, ctx.redis);
    this.pool = new CheckPool({
      coreThreads: c.WORKER_CORE_THREADS,
      maxThreads: c.WORKER_MAX_THREADS,
      queueLength: c.WORKER_QUEUE_LENGTH,
      checksPerThread: c.WORKER_CHECKS_PER_THREAD,
      maxTimeoutMs: c.CHECK_MAX_TIMEOUT_MS,
      counters: hasRedisConfigured(c) ? { connection: requireRedisConnection(c), keyPrefix: c.IMALERT_KEY_PREFIX } : undefined,
      onError: (error) => this.log.error('check pool error', { error }),
    });
    this.maintenance = new MaintenanceView(ctx);
    this.flow = new JobFlow({
      ctx, results: { ...ctx, redis: this.writer }, consumer: this.consumer, pool: this.pool, log: this.log, maxThreads: c.WORKER_MAX_THREADS,
      maintenance: this.maintenance,
      checksPerThread: c.WORKER_CHECKS_PER_THREAD, maxDeliveries: c.WORKER_MAX_DELIVERIES, maxTimeoutMs: c.CHECK_MAX_TIMEOUT_MS, metrics,
    });
    this.takeovers = new Takeovers({
      ctx, consumer: this.consumer, log: this.log, flow: this.flow, slots: this.readBatch, heartbeatFresh: () => this.heartbeat?.fresh() ?? false, metrics,
    });
  }

  /** Jobs held at most: those the threads run at once plus WORKER_QUEUE_LENGTH waiting for a thread. */
  get capacity(): number {
    const c = this.ctx.config;
    return c.WORKER_MAX_THREADS * c.WORKER_CHECKS_PER_THREAD + c.WORKER_QUEUE_LENGTH;
  }

  /** One read takes what the threads can start now; the loop reads again while there is room, so
   *  the queue still fills, and other workers get their share of a burst in between. */
  private get readBatch(): number {
    const c = this.ctx.config;
    return Math.max(1, Math.min(1000, c.WORKER_MAX_THREADS * c.WORKER_CHECKS_PER_THREAD));
  }

  get stats() {
    return {
      threads: this.pool.threads, inFlight: this.flow.held.count, done: this.flow.done, skipped: this.flow.skipped,
      maintenanceVersion: this.maintenance.knownVersion,
    };
  }

  async start(): Promise<void> {
    const { ctx } = this;
    await ensureJobsGroup(ctx.redis, ctx.keys);
    await warnUnlessNoEviction(ctx.redis, this.log);
    // Known before the first job: a worker started during a window must not alert for it.
    await this.maintenance.refresh();
    this.heartbeat = startHeartbeat({
      redis: ctx.redis, keys: ctx.keys, role: 'worker', name: this.consumer, periodMs: ctx.config.WORKER_HEARTBEAT_MS,
      extra: () => this.stats, onError: (error) => this.redisTrouble(error), onRoundTrip: (ms) => this.redisMetrics.record(ms),
    });
    await this.heartbeat.beat();
    const leftovers = await claimOwnLeftovers(ctx.redis, ctx.keys, this.consumer, this.capacity);
    if (leftovers.malformed.length) await ackMalformed(ctx.redis, ctx.keys, leftovers.malformed);
    if (leftovers.jobs.length) this.log.info('took back jobs left pending under this consumer name', { jobs: leftovers.jobs.length });
    this.flow.add(leftovers.jobs);
    this.readLoop = this.readForever();
    const c = ctx.config;
    this.every(Math.max(100, Math.floor(c.WORKER_HEARTBEAT_MS / 2)), 'claim from dead workers', () => this.takeovers.fromDeadWorkers());
    this.every(Math.max(250, Math.floor(c.WORKER_VISIBILITY_TIMEOUT_MS / 4)), 'renew and claim idle jobs', async () => {
      await renewEntries(ctx.redis, ctx.keys, this.consumer, this.flow.held.ids());
      await this.takeovers.idleJobs();
    });
    // Both daemons drain the alert outbox, so alerts go out with any one of them running.
    this.alerts = startAlertDelivery(ctx, { consumerName: this.consumer, log: this.log, registry: this.registry });
    this.every(TRIM_EVERY_MS, 'trim the jobs stream', async () => void (await trimJobs(ctx.redis, ctx.keys)));
    this.every(MAINTENANCE_REFRESH_MS, 'read the maintenance windows', () => this.maintenance.refresh());
    this.log.info('worker started', { capacity: this.capacity, maxThreads: c.WORKER_MAX_THREADS, checksPerThread: c.WORKER_CHECKS_PER_THREAD });
  }

  /** When a stopping worker process exits at the latest, whatever Redis does. */
  get shutdownDeadlineMs(): number {
    return this.ctx.config.WORKER_SHUTDOWN_GRACE_MS + LET_GO_MS;
  }

  /** Stops reading, lets in-flight jobs finish within the grace period, then lets go of everything. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const graceEnds = Date.now() + this.ctx.config.WORKER_SHUTDOWN_GRACE_MS;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.flow.held.wakeReaders();
    // A read queued for an unreachable Redis never returns: it is waited for only within the grace.
    await settlesWithin(this.readLoop ?? Promise.resolve(), graceEnds - Date.now());
    const finished = await this.flow.held.drain(Math.max(0, graceEnds - Date.now()));
    this.flow.close();
    // Without our heartbeat, live workers take over anything still pending at once.
    await this.heartbeat?.stop();
    await Promise.allSettled([this.pool.close(), this.alerts?.stop()]);
    this.reader.disconnect();
    this.writer.disconnect();
    this.log.info('worker stopped', { ...this.stats, finished });
  }

  /** Closes every Redis connection of the worker: commands still waiting on them fail at once. */
  disconnect(): void {
    for (const client of [this.reader, this.writer, this.ctx.redis]) client.disconnect();
  }

  private async readForever(): Promise<void> {
    const { ctx } = this;
    let failures = 0;
    while (!this.stopping) {
      await this.flow.held.waitForRoom(this.capacity, () => this.stopping);
      if (this.stopping) break;
      try {
        const free = this.capacity - this.flow.held.count;
        const { jobs, malformed } = await readNewJobs(this.reader, ctx.keys, this.consumer, Math.min(free, this.readBatch), READ_BLOCK_MS);
        failures = 0;
        if (malformed.length) {
          this.log.warn('acked stream entries that are not jobs', { ids: malformed.slice(0, 10), count: malformed.length });
          await ackMalformed(ctx.redis, ctx.keys, malformed);
        }
        this.flow.add(jobs);
      } catch (error) {
        if (this.stopping) break;
        failures += 1;
        this.redisTrouble(error);
        // The group disappears when Redis restarts without persistence: make it again.
        if (/NOGROUP/.test(String((error as Error).message))) await ensureJobsGroup(ctx.redis, ctx.keys).catch(() => undefined);
        await sleep(backoffMs(failures, { baseMs: 200, maxMs: 5000, jitter: true }));
      }
    }
  }

  /** Runs a step now and then every `ms` (never two at once); a failure is logged and retried next time. */
  private every(ms: number, what: string, step: () => Promise<void>): void {
    const run = async () => {
      if (this.stopping) return;
      try {
        await step();
      } catch (error) {
        this.redisTrouble(error, what);
      }
      if (!this.stopping) this.timers.set(what, setTimeout(run, ms));
    };
    this.timers.set(what, setTimeout(run, ms));
  }

  private redisTrouble(error: unknown, what = 'redis'): void {
    // Redis down means a burst of identical errors: log one every few seconds.
    if (Date.now() - this.lastRedisWarning < 5000) return;
    this.lastRedisWarning = Date.now();
    this.log.warn(`${what}: ${(error as Error)?.message ?? String(error)}; retrying with backoff`);
  }
}
