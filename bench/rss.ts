/**
 * `npm run bench -- rss [--dir=<checkout>] [--monitors=1000] [--seconds=60]`: the whole system as
 * `npm start` runs it (its own redis-server), in a temporary copy of the checkout (this one by default;
 * another, e.g. a worktree of an older commit, gives the before figure), with TCP monitors every 20 s
 * against local ports. After the run: the RSS (VmRSS) of every process of `npm start`'s tree and the total.
 */
import { printTable } from './machine';
import { treeRss, type ProcessRss } from './rss-processes';
import { startWholeSystem } from './whole-system';
import { ROOT, sleep, tcpTarget } from './worker-parts';

const TARGET_PORTS = 10;
const SAMPLE_EVERY_MS = 5000;
const KUMA = 'Uptime Kuma 2.5: 250–310 MB for the same load (published figure, not measured here)';

function option(args: string[], name: string, fallback: string): string {
  return args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

const mib = (kb: number) => kb / 1024;
const total = (rows: ProcessRss[], field: 'rssKb' | 'pssKb' = 'rssKb') => rows.reduce((sum, row) => sum + row[field], 0);
const mb = (kb: number) => (kb * 1.024) / 1000;

export default async function rss(args: string[]): Promise<void> {
  const checkout = option(args, 'dir', ROOT);
  const monitors = Number(option(args, 'monitors', '1000'));
  const seconds = Number(option(args, 'seconds', '60'));
  console.log(`\nrss: ${checkout}, ${monitors} TCP monitors every 20 s, ${seconds} s of load`);
  const targets = await Promise.all(Array.from({ length: TARGET_PORTS }, () => tcpTarget()));
  const system = await startWholeSystem(checkout).catch(async (error: Error) => {
    await Promise.all(targets.map((t) => t.close()));
    throw error;
  });
  try {
    const ctx = system.context();
    for (let i = 0; i < monitors; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, monitors - i) }, (_, j) => ctx.monitors.create({
        kind: 'tcp', name: `rss ${i + j}`, cron: '*/20 * * * * *', timeZone: 'UTC', host: '127.0.0.1', port: targets[(i + j) % TARGET_PORTS].port, timeoutMs: 5000,
      })));
    }
    const connectionsBefore = targets.reduce((sum, t) => sum + t.connections(), 0);
    let peak = 0;
    let last: ProcessRss[] = [];
    for (let waited = 0; waited < seconds * 1000; waited += SAMPLE_EVERY_MS) {
      await sleep(SAMPLE_EVERY_MS);
      last = treeRss(system.pid, system.dir);
      peak = Math.max(peak, total(last));
    }
    const checks = targets.reduce((sum, t) => sum + t.connections(), 0) - connectionsBefore;
    const rows = last.map((row) => ({ process: row.command, pid: String(row.pid), 'RSS MiB': mib(row.rssKb).toFixed(1), 'PSS MiB': mib(row.pssKb).toFixed(1) }));
    rows.push({ process: `total, ${last.length} processes`, pid: '', 'RSS MiB': mib(total(last)).toFixed(1), 'PSS MiB': mib(total(last, 'pssKb')).toFixed(1) });
    printTable(`RSS after ${seconds} s with ${monitors} TCP monitors every 20 s (${checks} checks ran in that time)`, rows);
    const withoutNpm = last.filter((row) => !/^(npm|sh)( |$)/.test(row.command));
    console.log(`\nTotal RSS: ${mib(total(last)).toFixed(0)} MiB (${mb(total(last)).toFixed(0)} MB); highest sample ${mib(peak).toFixed(0)} MiB. Total PSS: ${mib(total(last, 'pssKb')).toFixed(0)} MiB.`);
    console.log(`Without npm's own processes (npm, sh), as \`node dist/start.js\` runs it: RSS ${mib(total(withoutNpm)).toFixed(0)} MiB (${mb(total(withoutNpm)).toFixed(0)} MB) in ${withoutNpm.length} processes.`);
    console.log(`Reference: ${KUMA}.`);
  } finally {
    await system.stop();
    await Promise.all(targets.map((t) => t.close()));
  }
}
