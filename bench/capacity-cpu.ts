/** CPU time of a whole process tree, per process and per thread, from /proc (utime + stime). */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { commandOf, processTree } from './rss-processes';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface ThreadCpu {
  tid: number;
  name: string;
  seconds: number;
}

export interface ProcessCpu {
  pid: number;
  /** What the process is, in a word: npm, launcher, UI, Redis (or its command line). */
  role: string;
  seconds: number;
  threads: ThreadCpu[];
}

function secondsOf(statPath: string): number {
  const stat = readFileSync(statPath, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function roleOf(command: string): string {
  if (/dist\/start\.js/.test(command)) return 'launcher (controller + worker)';
  if (/ui-server\.mjs/.test(command)) return 'UI';
  if (/^redis-server/.test(command)) return 'Redis';
  if (/^npm/.test(command)) return 'npm';
  return command;
}

/** Every process of the tree, with the CPU seconds it and each of its threads used so far. */
export function treeCpu(rootPid: number, copy: string): ProcessCpu[] {
  return processTree(rootPid).flatMap(({ pid }) => {
    try {
      const threads = readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
        try {
          // Node names no thread of its own: the main one at least can be told apart.
          const name = Number(tid) === pid ? 'main' : readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
          return [{ tid: Number(tid), name, seconds: secondsOf(`/proc/${pid}/task/${tid}/stat`) }];
        } catch {
          return []; // the thread ended meanwhile
        }
      });
      return [{ pid, role: roleOf(commandOf(pid, copy)), seconds: secondsOf(`/proc/${pid}/stat`), threads }];
    } catch {
      return [];
    }
  });
}

export interface CpuWindow {
  seconds: number;
  /** CPU seconds each process used in the window (processes of both samples). */
  processes: Array<{ pid: number; role: string; cpu: number; busiestThreads: string }>;
  total: number;
}

/** What each process (and its busiest threads) used between two samples taken `seconds` apart. */
export function cpuBetween(before: ProcessCpu[], after: ProcessCpu[], seconds: number): CpuWindow {
  const processes = after.map((p) => {
    const earlier = before.find((b) => b.pid === p.pid);
    const threads = p.threads.map((t) => ({ ...t, cpu: t.seconds - (earlier?.threads.find((e) => e.tid === t.tid)?.seconds ?? 0) }))
      .sort((a, b) => b.cpu - a.cpu).filter((t) => t.cpu >= 0.01).slice(0, 3);
    return {
      pid: p.pid,
      role: p.role,
      cpu: p.seconds - (earlier?.seconds ?? 0),
      busiestThreads: threads.map((t) => `${t.name} ${(t.cpu / seconds).toFixed(2)}`).join(', '),
    };
  });
  return { seconds, processes, total: processes.reduce((sum, p) => sum + p.cpu, 0) };
}

/** The machine's load averages, printed with every figure (the machine is shared). */
export const loadAverage = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;

/** Busy and total CPU time of the whole machine so far (/proc/stat), in ticks of all cores. */
export function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, n) => sum + n, 0);
  const idle = fields[3] + (fields[4] ?? 0); // idle and iowait
  return { busy: total - idle, total };
}

/** Share of the machine's cores busy between two machineTicks() samples, everyone's work included. */
export const machineBusy = (before: { busy: number; total: number }, after: { busy: number; total: number }) =>
  (after.busy - before.busy) / Math.max(1, after.total - before.total);
