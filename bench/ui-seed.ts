import { randomBytes } from 'node:crypto';
import type { AppContext } from '../lib/context';
import type { Monitor } from '../lib/monitors';
import { applyResult } from '../lib/results';

/**
 * Bench data, written the way the product writes it: monitors through the monitor store (same
 * records, schedule and indexes) and a day of history through the result script (applyResult: the
 * same state, status indexes, runs and rollups a worker writes), one result per hour per monitor.
 */
const ENVS = ['prod', 'staging', 'dev', 'eu', 'us'];
const SERVICES = ['api', 'web', 'db', 'cache', 'search', 'queue', 'auth', 'billing', 'cdn', 'mail'];

function inputFor(n: number) {
  const name = `${ENVS[n % ENVS.length]}-${SERVICES[Math.floor(n / 7) % SERVICES.length]}-${String(n).padStart(6, '0')}`;
  const common = { name, cron: '0 * * * *', timeZone: 'UTC', enabled: n % 100 !== 0 };
  switch (n % 4) {
    case 0: return { ...common, kind: 'http', url: `https://svc${n}.example.com/health`, expectedText: 'ok' };
    case 1: return { ...common, kind: 'tcp', host: `10.0.${(n >> 8) & 255}.${n & 255}`, port: 5432 };
    case 2: return { ...common, kind: 'latency', host: `10.1.${(n >> 8) & 255}.${n & 255}`, port: 443, maxLatencyMs: 200 };
    default: return { ...common, kind: 'redis', host: `10.2.${(n >> 8) & 255}.${n & 255}`, port: 6379, password: 'bench-secret', watchHealth: true };
  }
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

/** Adds monitors numbered from..to-1, each with `hours` hourly results (about 2 % of them failing now). */
export async function seedMonitors(ctx: AppContext, from: number, to: number, hours: number): Promise<void> {
  const numbers = Array.from({ length: to - from }, (_, i) => from + i);
  const created: Monitor[] = [];
  await inBatches(numbers, 500, async (n) => created.push(await ctx.monitors.create(inputFor(n))));
  const hourMs = 3_600_000;
  const lastHour = Math.floor(Date.now() / hourMs) * hourMs;
  const jobs = created.filter((m) => m.enabled).flatMap((monitor) =>
    Array.from({ length: hours }, (_, h) => ({ monitor, fireTime: lastHour - (hours - 1 - h) * hourMs, failing: Number(monitor.name.slice(-6)) % 50 === 7 })),
  );
  // Oldest first per monitor: the result script ignores a fire time older than the last applied one.
  jobs.sort((a, b) => a.fireTime - b.fireTime);
  await inBatches(jobs, 2000, ({ monitor, fireTime, failing }) =>
    applyResult(ctx, {
      monitor,
      job: { monitorId: monitor.id, fireTime, dispatchId: `bench-${randomBytes(4).toString('hex')}`, trigger: 'schedule' },
      result: failing && fireTime > Date.now() - 3 * hourMs
        ? { ok: false, durationMs: 5000, message: 'Connection timed out', details: {} }
        : { ok: true, durationMs: 5 + (fireTime / hourMs) % 40, message: 'OK', details: {} },
      workerName: 'bench',
    }),
  );
}
