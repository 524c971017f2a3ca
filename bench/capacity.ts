/**
 * `npm run bench -- capacity [--seconds=120] [--idle-seconds=60] [--max=100000] [--steps=10000,25000,50000,100000] [--fires=2] [--dir=<checkout>] [--only-steps]`
 * The whole system as `npm start` runs it (UI, launcher with controller and worker, its own Redis) in a
 * temporary copy of the checkout, with Is It Reachable checks against loopback ports:
 *  1. idle: CPU per process with no monitors, then with a dashboard open in chromium;
 *  2. 1,000 monitors every 20 s for --seconds: CPU seconds per 1,000 checks of all processes, and RSS;
 *  3. login to a usable dashboard at 1,000 monitors, and at 10,000 during the steps;
 *  4. the largest N on a 1-minute cron with no backlog, stepping N up to --max.
 */
import { randomBytes } from 'node:crypto';
import { loginToDashboard, openDashboard, type LoginTimes } from './capacity-browser';
import { loadAverage, type CpuWindow } from './capacity-cpu';
import { createEvery20s, measureCpu, measureLoad, totalRssKb } from './capacity-load';
import { stepMonitors, type StepResult } from './capacity-steps';
import { tcpTargets } from './capacity-targets';
import { machineDetails, printTable } from './machine';
import { startWholeSystem, type WholeSystem } from './whole-system';
import type { AppContext } from '../lib/context';
import { ROOT, sleep } from './worker-parts';

const SETTLE_MS = 10_000; // after the start: the UI's first requests, the daemons' first rounds
const BEFORE = '1.42 CPU-s per 1,000 checks, 558 MiB in 8 processes (issue 18, measured from outside on an earlier version)';
const KUMA = 'Uptime Kuma 2.5: 5.2 CPU-s per 1,000 checks, 250–310 MB for the same load (published figure, not measured here)';
const BROWSER_TARGET_MS = 500;
type Targets = Awaited<ReturnType<typeof tcpTargets>>;

function option(args: string[], name: string, fallback: string): string {
  return args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

const perMinute = (window: CpuWindow, cpu: number) => (cpu / window.seconds) * 60;
const mib = (kb: number) => (kb / 1024).toFixed(0);

function printIdle(closed: CpuWindow, open: CpuWindow & { load: string }, closedLoad: string): void {
  const rows = closed.processes.map((p) => {
    const withBrowser = open.processes.find((o) => o.pid === p.pid);
    return {
      process: p.role, pid: p.pid,
      'CPU-s per minute, no browser': perMinute(closed, p.cpu).toFixed(3),
      'with a dashboard open': withBrowser ? perMinute(open, withBrowser.cpu).toFixed(3) : '',
      'busiest threads (share of a core), no browser': p.busiestThreads || '-',
    };
  });
  rows.push({ process: 'all', pid: 0, 'CPU-s per minute, no browser': perMinute(closed, closed.total).toFixed(3), 'with a dashboard open': perMinute(open, open.total).toFixed(3), 'busiest threads (share of a core), no browser': '' });
  printTable(`Idle: no monitors, ${closed.seconds.toFixed(0)} s without a browser (${closedLoad}), then ${open.seconds.toFixed(0)} s with a dashboard open (${open.load})`, rows);
}

function printLogin(times: Array<{ monitors: number; times: LoginTimes }>): void {
  printTable('Login to a usable dashboard (rows shown, total right, page hydrated), chromium, new context each time', times.map(({ monitors, times: t }) => ({
    monitors, samples: t.samples.map((s) => s.toFixed(0)).join(', '), first: `${t.first.toFixed(0)} ms`, median: `${t.median.toFixed(0)} ms`, target: `≤ ${BROWSER_TARGET_MS} ms`,
  })));
}

function printSteps(steps: StepResult[], fires: number): void {
  printTable(`Monitors on a 1-minute cron, ${fires} fire times watched per step`, steps.map((s) => ({
    monitors: s.monitors, result: s.passed ? 'no backlog' : 'BACKLOG',
    'dispatch lag p50 / p99 / max': `${s.dispatchLag.p50} / ${s.dispatchLag.p99} / ${s.dispatchLag.max} ms`,
    'checks seen p99 / last': `${(s.checkLag.p99 / 1000).toFixed(1)} / ${(s.checkLag.last / 1000).toFixed(1)} s`,
    'jobs seen in the stream': s.tapped,
    'wrong runs / twice dispatched / connections': `${s.wrongRuns} / ${s.wrongDispatches} / ${s.connectionsOff}`,
    'share of a core': s.cpu.processes.filter((p) => p.cpu / s.cpu.seconds >= 0.01).map((p) => `${p.role.split(' ')[0]} ${(p.cpu / s.cpu.seconds).toFixed(2)}`).join(', '),
    'Redis µs a job': s.redisUsPerJob.toFixed(1),
    'Redis memory a monitor': `${(s.redisBytesPerMonitor / 1024).toFixed(1)} KiB`,
    'machine busy (all users)': `${(s.machineBusy * 100).toFixed(0)} %`,
    load: s.load.replace('load average ', ''),
  })));
  for (const s of steps) {
    console.log(`- ${s.monitors}: busiest threads ${s.cpu.processes.filter((p) => p.busiestThreads).map((p) => `${p.role}: ${p.busiestThreads}`).join('; ')}`);
  }
  const passed = steps.filter((s) => s.passed);
  const failed = steps.find((s) => !s.passed);
  console.log(`\nLargest N with no backlog: ${passed.length ? passed[passed.length - 1].monitors : 'none of the steps'} (target 100,000).`);
  if (failed) {
    const busiest = [...failed.cpu.processes].sort((a, b) => b.cpu - a.cpu)[0];
    console.log(`It stops at ${failed.monitors}: the busiest process was ${busiest.role}, ${(busiest.cpu / failed.cpu.seconds).toFixed(2)} of a core (threads: ${busiest.busiestThreads}); all of the system's processes ${(failed.cpu.total / failed.cpu.seconds).toFixed(2)} of the machine's cores, while the machine was ${(failed.machineBusy * 100).toFixed(0)} % busy (other users' work included).`);
  }
}

export default async function capacity(args: string[]): Promise<void> {
  const checkout = option(args, 'dir', ROOT);
  const seconds = Number(option(args, 'seconds', '120'));
  const idleSeconds = Number(option(args, 'idle-seconds', '60'));
  const max = Number(option(args, 'max', '100000'));
  const fires = Number(option(args, 'fires', '2'));
  const steps = option(args, 'steps', '10000,25000,50000,100000').split(',').map(Number).filter((n) => n <= max);
  if (!steps.includes(max)) steps.push(max);
  console.log(`\ncapacity: ${checkout}; machine ${machineDetails()}; ${loadAverage()}`);
  const password = randomBytes(12).toString('base64url');
  const every20s = await tcpTargets(10);
  const perMinuteTargets = await tcpTargets(20);
  const system = await startWholeSystem(checkout, { IMALERT_ADMIN_PASSWORD: password });
  try {
    const ctx = system.context();
    await sleep(SETTLE_MS);
    const logins: Array<{ monitors: number; times: LoginTimes }> = [];
    if (!args.includes('--only-steps')) logins.push(await idleLoadAndLogin(system, ctx, every20s, password, idleSeconds, seconds));
    const stepped = await stepMonitors(system, ctx, perMinuteTargets, steps, fires, async (monitors) => {
      if (monitors === 10_000) logins.push({ monitors, times: await loginToDashboard(system.url, password, monitors) });
    });
    printLogin(logins);
    printSteps(stepped, fires);
  } finally {
    await system.stop();
    await Promise.all([every20s.close(), perMinuteTargets.close()]);
  }
}

/** Parts 1–3: idle, 1,000 monitors every 20 s, and the login at 1,000 (its monitors removed after). */
async function idleLoadAndLogin(system: WholeSystem, ctx: AppContext, every20s: Targets, password: string, idleSeconds: number, seconds: number) {
  const closedSeconds = Math.round((idleSeconds * 2) / 3);
  const closed = await measureCpu(system, closedSeconds);
  const dashboard = await openDashboard(system.url, password);
  const open = await measureCpu(system, idleSeconds - closedSeconds);
  await dashboard.close();
  printIdle(closed, open, closed.load);

  const ids = await createEvery20s(ctx, every20s, 1000);
  const load = await measureLoad(system, every20s, ids.length, seconds);
  printTable(`1,000 TCP monitors every 20 s, ${seconds} s: ${load.checks} checks (${load.load})`, [
    ...load.cpu.processes.map((p) => {
      const rss = load.rss.find((r) => r.pid === p.pid);
      return { process: p.role, pid: p.pid, 'CPU s': p.cpu.toFixed(2), 'CPU-s per 1,000 checks': ((p.cpu / load.checks) * 1000).toFixed(3), 'RSS MiB': rss ? mib(rss.rssKb) : '', 'busiest threads (share of a core)': p.busiestThreads || '-' };
    }),
    { process: `all ${load.cpu.processes.length} processes`, pid: 0, 'CPU s': load.cpu.total.toFixed(2), 'CPU-s per 1,000 checks': ((load.cpu.total / load.checks) * 1000).toFixed(3), 'RSS MiB': mib(totalRssKb(load.rss)), 'busiest threads (share of a core)': '' },
  ]);
  const withoutNpm = load.rss.filter((row) => !/^(npm|sh)( |$)/.test(row.command));
  console.log(`\nAll processes: ${((load.cpu.total / load.checks) * 1000).toFixed(3)} CPU-s per 1,000 checks (target ≤ 0.5); RSS ${mib(totalRssKb(load.rss))} MiB, highest sample ${mib(load.peakRssKb)} MiB; without npm's own process (as \`node dist/start.js\` runs it) ${mib(totalRssKb(withoutNpm))} MiB in ${withoutNpm.length} processes (target ≤ 300 MB).`);
  console.log(`Before: ${BEFORE}.\nReference: ${KUMA}.`);

  const login = { monitors: 1000, times: await loginToDashboard(system.url, password, 1000) };
  for (const id of ids) await ctx.monitors.remove(id);
  return login;
}
