/**
 * Redis's work counted in instructions by valgrind's callgrind (`npm run bench -- worker --callgrind`),
 * on a redis-server of the bench's own run inside valgrind. CPU time on this machine swings by two to
 * four times within a day and by ±15 % between runs, which hides a change of a few per cent; the
 * instruction count of the same steps repeats (two runs of the bench agreed to 0.3 %), so a change to
 * a script can be judged by it (Redis runs about 50 times slower inside valgrind: a few thousand jobs).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, type TestRedis } from '../test/support/redis-server';

export interface CountedRedis {
  server: TestRedis;
  /** Instructions Redis ran during `step`. */
  count(step: () => Promise<void>): Promise<number>;
  stop(): Promise<void>;
}

function requireValgrind(): void {
  try {
    execFileSync('callgrind_control', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('--callgrind needs valgrind (Debian: apt-get install -y valgrind)');
  }
}

export async function startCountedRedis(): Promise<CountedRedis> {
  requireValgrind();
  const dir = mkdtempSync(join(tmpdir(), 'imalert-callgrind-'));
  const server = await startRedis({
    args: ['--maxmemory-policy', 'noeviction'],
    wrapper: ['valgrind', '--tool=callgrind', `--callgrind-out-file=${join(dir, 'out.%p')}`],
    startTimeoutMs: 60_000,
  });
  const control = (flag: string) => execFileSync('callgrind_control', [flag, String(server.pid())], { stdio: 'ignore' });
  let dumps = 0;
  return {
    server,
    async count(step) {
      control('-z');
      await step();
      control('-d');
      dumps += 1;
      // Each dump is a file of its own: out.<pid>.<n>, n counting from 1.
      const file = readdirSync(dir).find((name) => name.endsWith(`.${dumps}`));
      const summary = file ? /^summary: (\d+)/m.exec(readFileSync(join(dir, file), 'utf8')) : null;
      if (!summary) throw new Error(`callgrind wrote no summary for dump ${dumps} in ${dir}`);
      return Number(summary[1]);
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
