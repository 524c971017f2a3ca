/**
 * `npm run bench -- rss [--dir=<checkout>] [--monitors=1000] [--seconds=60]`: the whole system as
 * `npm start` runs it (its own redis-server), in a temporary copy of the checkout (this one by default;
 * another, e.g. a worktree of an older commit, gives the before figure), with TCP monitors every 20 s
 * against local ports. After the run: the RSS (VmRSS) of every process of `npm start`'s tree and the total.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../lib/config';
import { createContext } from '../lib/context';
import { freePort, waitFor } from '../test/support/ports';
import { printTable } from './machine';
import { copyCheckout, killGroups, processTree, removeCopy, treeRss, type ProcessRss } from './rss-processes';
import { ROOT, sleep, tcpTarget } from './worker-parts';

const TARGET_PORTS = 10;
const SAMPLE_EVERY_MS = 5000;
const KUMA = 'Uptime Kuma 2.5: 250–310 MB for the same load (published figure, not measured here)';

function option(args: string[], name: string, fallback: string): string {
  return args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

function launch(dir: string, port: number) {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'warn' };
  for (const name of ['REDIS_URL', 'IMALERT_SECRET_KEY', 'IMALERT_ADMIN_PASSWORD', 'IMALERT_KEY_PREFIX', 'NODE_ENV']) delete env[name];
  // Its own process group, like a terminal's foreground job: Ctrl-C goes to the whole group.
  const npm = spawn('npm', ['start'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  npm.stdout?.on('data', (d) => (out += d));
  npm.stderr?.on('data', (d) => (out += d));
  return { npm, output: () => out };
}

function contextOf(dir: string) {
  const redisPort = readFileSync(join(dir, '.data', 'redis', 'port'), 'utf8').trim();
  const password = readFileSync(join(dir, '.data', 'redis.password'), 'utf8').trim();
  const key = readFileSync(join(dir, '.data', 'secret.key'), 'utf8').trim();
  return createContext('daemon', loadConfig({ REDIS_URL: `redis://:${password}@127.0.0.1:${redisPort}`, IMALERT_SECRET_KEY: key } as unknown as NodeJS.ProcessEnv));
}

const mib = (kb: number) => kb / 1024;
const total = (rows: ProcessRss[], field: 'rssKb' | 'pssKb' = 'rssKb') => rows.reduce((sum, row) => sum + row[field], 0);
const mb = (kb: number) => (kb * 1.024) / 1000;

export default async function rss(args: string[]): Promise<void> {
  const checkout = option(args, 'dir', ROOT);
  const monitors = Number(option(args, 'monitors', '1000'));
  const seconds = Number(option(args, 'seconds', '60'));
  console.log(`\nrss: ${checkout}, ${monitors} TCP monitors every 20 s, ${seconds} s of load`);
  const dir = copyCheckout(checkout);
  const targets = await Promise.all(Array.from({ length: TARGET_PORTS }, () => tcpTarget()));
  const run = launch(dir, await freePort());
  const seen = new Map<number, number>(); // pid → process group, of every process the run had
  try {
    // A first start without a UI build runs next build: that takes minutes on a small machine.
    await waitFor(() => run.npm.exitCode !== null || run.output().includes('imalert is running'), 900_000, 250, 'npm start');
    if (run.npm.exitCode !== null) throw new Error(`npm start ended (exit code ${run.npm.exitCode}); its output:\n${run.output()}`);
    const ctx = contextOf(dir);
    for (let i = 0; i < monitors; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, monitors - i) }, (_, j) => ctx.monitors.create({
        kind: 'tcp', name: `rss ${i + j}`, cron: '*/20 * * * * *', timeZone: 'UTC', host: '127.0.0.1', port: targets[(i + j) % TARGET_PORTS].port, timeoutMs: 5000,
      })));
    }
    ctx.redis.disconnect();
    const connectionsBefore = targets.reduce((sum, t) => sum + t.connections(), 0);
    let peak = 0;
    let last: ProcessRss[] = [];
    for (let waited = 0; waited < seconds * 1000; waited += SAMPLE_EVERY_MS) {
      await sleep(SAMPLE_EVERY_MS);
      last = treeRss(run.npm.pid!, dir);
      for (const p of processTree(run.npm.pid!)) seen.set(p.pid, p.pgid);
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
    for (const p of processTree(run.npm.pid!)) seen.set(p.pid, p.pgid);
    killGroups([run.npm.pid!], 'SIGINT');
    // The launcher stops its children after npm has gone: wait for all of them, then make sure.
    await waitFor(() => [...seen.keys()].every((pid) => !processTree(pid).length), 60_000, 250, 'the system to stop').catch(() => undefined);
    killGroups(seen.values());
    await Promise.all(targets.map((t) => t.close()));
    removeCopy(dir);
  }
}
