/** The idle and the 1,000-monitor parts of bench/capacity.ts: CPU per process, CPU per 1,000 checks, RSS. */
import type { AppContext } from '../lib/context';
import { cpuBetween, loadAverage, treeCpu, type CpuWindow } from './capacity-cpu';
import type { tcpTargets } from './capacity-targets';
import { treeRss, type ProcessRss } from './rss-processes';
import { sleep } from './worker-parts';
import type { WholeSystem } from './whole-system';

type Targets = Awaited<ReturnType<typeof tcpTargets>>;
const EVERY_MS = 20_000;
const RSS_SAMPLE_MS = 10_000;

/** CPU of every process of the system over `seconds` of whatever it is doing now. */
export async function measureCpu(system: WholeSystem, seconds: number): Promise<CpuWindow & { load: string }> {
  const before = treeCpu(system.pid, system.dir);
  const started = Date.now();
  await sleep(seconds * 1000);
  return { ...cpuBetween(before, treeCpu(system.pid, system.dir), (Date.now() - started) / 1000), load: loadAverage() };
}

export interface LoadResult {
  monitors: number;
  checks: number;
  cpu: CpuWindow;
  rss: ProcessRss[];
  peakRssKb: number;
  load: string;
}

export const totalRssKb = (rows: ProcessRss[]) => rows.reduce((sum, row) => sum + row.rssKb, 0);

/** Creates `monitors` TCP monitors every 20 s, as a user would through the store. */
export async function createEvery20s(ctx: AppContext, targets: Targets, monitors: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < monitors; i += 100) {
    const made = await Promise.all(Array.from({ length: Math.min(100, monitors - i) }, (_, j) => ctx.monitors.create({
      kind: 'tcp', name: `every 20 s ${i + j}`, cron: '*/20 * * * * *', timeZone: 'UTC', host: '127.0.0.1', port: targets.ports[(i + j) % targets.ports.length], timeoutMs: 5000,
    })));
    ids.push(...made.map((m) => m.id));
  }
  return ids;
}

/**
 * `seconds` of load, starting at a fire time after the first one has run (threads started, records
 * parsed): CPU of the whole tree, checks the targets saw, RSS at the end and its highest sample.
 */
export async function measureLoad(system: WholeSystem, targets: Targets, monitors: number, seconds: number): Promise<LoadResult> {
  const start = Math.ceil((Date.now() + 1000) / EVERY_MS) * EVERY_MS + EVERY_MS - 500;
  await sleep(start - Date.now());
  const before = treeCpu(system.pid, system.dir);
  const end = start + seconds * 1000;
  let peakRssKb = 0;
  let rss: ProcessRss[] = [];
  while (Date.now() < end) {
    await sleep(Math.min(RSS_SAMPLE_MS, end - Date.now()));
    rss = treeRss(system.pid, system.dir);
    peakRssKb = Math.max(peakRssKb, totalRssKb(rss));
  }
  const cpu = cpuBetween(before, treeCpu(system.pid, system.dir), (Date.now() - start) / 1000);
  return { monitors, checks: targets.between(start, end).length, cpu, rss, peakRssKb, load: loadAverage() };
}
