import type { AppContext } from '../context';
import type { Logger } from '../log';
import type { WorkerMetrics } from '../metrics/worker-metrics';
import { claimFromDeadConsumers, claimIdle, workerAlive } from '../queue/claim';
import { ackMalformed } from '../queue/consume';
import type { JobFlow } from './job-flow';

export interface TakeoverOptions {
  ctx: AppContext;
  consumer: string;
  log: Logger;
  flow: JobFlow;
  /** Jobs the threads run at once: a claim never brings more than would start now. */
  slots: number;
  /** Whether this worker's own heartbeat was written lately. */
  heartbeatFresh: () => boolean;
  metrics: WorkerMetrics;
}

/** Jobs claimed idle past the visibility timeout in one round at most. */
const IDLE_CLAIM_MAX = 100;

/**
 * Takes over other workers' pending jobs: those of workers whose heartbeat expired, at once, and, as
 * a safety net, any idle past the visibility timeout. A claim takes only what the threads can start
 * now, so a taken-over backlog never fills the worker and new jobs are still read (and run first).
 */
export class Takeovers {
  constructor(private readonly options: TakeoverOptions) {}

  /** Jobs a claim may take now. */
  private get room(): number {
    return this.options.slots - this.options.flow.held.count;
  }

  /**
   * Whether this worker may take over others' jobs: only while its own heartbeat is fresh and stored.
   * When nobody can write a heartbeat (Redis out of memory) every worker looks dead to every other one.
   */
  private async mayTakeOver(): Promise<boolean> {
    const { ctx, consumer, heartbeatFresh } = this.options;
    return heartbeatFresh() && workerAlive(ctx.redis, ctx.keys, consumer);
  }

  async fromDeadWorkers(): Promise<void> {
    const { ctx, consumer, log, flow } = this.options;
    const room = this.room;
    if (room <= 0 || !(await this.mayTakeOver())) return;
    const claimed = await claimFromDeadConsumers(ctx.redis, ctx.keys, consumer, room);
    if (claimed.malformed.length) await ackMalformed(ctx.redis, ctx.keys, claimed.malformed);
    this.options.metrics.recordRedeliveries('dead_worker', claimed.jobs.length);
    if (claimed.jobs.length) {
      log.info('took over jobs of stopped workers', { jobs: claimed.jobs.length, from: claimed.from });
      flow.add(claimed.jobs, true);
    }
  }

  async idleJobs(): Promise<void> {
    const { ctx, consumer, log, flow } = this.options;
    const room = Math.min(IDLE_CLAIM_MAX, this.room);
    if (room <= 0 || !(await this.mayTakeOver())) return;
    const claimed = await claimIdle(ctx.redis, ctx.keys, consumer, ctx.config.WORKER_VISIBILITY_TIMEOUT_MS, room);
    if (claimed.malformed.length) await ackMalformed(ctx.redis, ctx.keys, claimed.malformed);
    this.options.metrics.recordRedeliveries('idle', claimed.jobs.length);
    if (claimed.jobs.length) {
      log.warn('claimed jobs idle past the visibility timeout', { jobs: claimed.jobs.length });
      flow.add(claimed.jobs, true);
    }
  }
}
