/** Helpers of bench/rss.ts: a throwaway copy of a checkout, and the RSS of a process tree from /proc. */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The checkout's files (tracked and untracked, not ignored) in a temporary folder, its node_modules
 * hard-linked and its UI build (.next) copied when there is one, so `npm start` there needs no next build.
 */
export function copyCheckout(checkout: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'imalert-rss-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: checkout, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    const from = join(checkout, file);
    if (!existsSync(from) || !statSync(from).isFile()) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(from, join(dir, file));
  }
  execFileSync('cp', ['-al', join(checkout, 'node_modules'), join(dir, 'node_modules')]);
  // A real copy: the running server may rewrite files of its build, which must not reach the checkout's.
  if (existsSync(join(checkout, '.next', 'BUILD_ID'))) execFileSync('cp', ['-a', join(checkout, '.next'), join(dir, '.next')]);
  return dir;
}

export const removeCopy = (dir: string) => rmSync(dir, { recursive: true, force: true });

interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
}

function allProcesses(): ProcInfo[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return fields[0] === 'Z' ? [] : [{ pid: Number(d), ppid: Number(fields[1]), pgid: Number(fields[2]) }];
    } catch {
      return [];
    }
  });
}

/** pid and every live process descended from it. */
export function processTree(pid: number): ProcInfo[] {
  const all = allProcesses();
  const found = all.filter((p) => p.pid === pid);
  for (let i = 0; i < found.length; i += 1) found.push(...all.filter((p) => p.ppid === found[i].pid));
  return found;
}

export interface ProcessRss {
  pid: number;
  command: string;
  rssKb: number;
  /** Proportional set size: pages shared with other processes (the node binary) count in part. */
  pssKb: number;
}

const kbOf = (text: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);

/** A process's command line, short: the copy's folder shown as `.`, programs without their folder. */
export function commandOf(pid: number, copy: string): string {
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const command = argv.map((arg) => arg.split(copy).join('.').replace(/^\/\S*\/(node|npm|sh|redis-server)$/, '$1')).join(' ');
  return command.length > 70 ? `${command.slice(0, 67)}...` : command;
}

/** VmRSS and PSS of each process in the tree, named by its command line (the copy's folder shown as `.`). */
export function treeRss(pid: number, copy: string): ProcessRss[] {
  return processTree(pid).flatMap(({ pid: p }) => {
    try {
      const rssKb = kbOf(readFileSync(`/proc/${p}/status`, 'utf8'), 'VmRSS');
      const pssKb = kbOf(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'), 'Pss');
      return [{ pid: p, command: commandOf(p, copy), rssKb, pssKb }];
    } catch {
      return [];
    }
  });
}

/** A signal (SIGKILL unless told) to each process group: nothing of a bench run may outlive it. */
export function killGroups(pgids: Iterable<number>, signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const pgid of new Set(pgids)) {
    try {
      process.kill(-pgid, signal);
    } catch {
      // already gone
    }
  }
}
