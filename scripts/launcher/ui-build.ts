import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** `next build` when there is no production build yet (.next/BUILD_ID), with output shown. */
export async function ensureUiBuild(root: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (existsSync(join(root, '.next', 'BUILD_ID'))) return false;
  console.log('imalert: building the UI (first start; this takes a minute)...');
  const code = await new Promise<number | null>((resolve) => {
    // The type check is `npm run typecheck`'s job; the first start should not fail on a test file.
    const child = spawn(nextBin(root), ['build'], { cwd: root, env: { ...env, NEXT_SKIP_TYPECHECK: '1' }, stdio: 'inherit' });
    child.once('exit', resolve);
    child.once('error', () => resolve(127));
  });
  if (code !== 0) throw new Error(`next build failed (exit code ${code}); see its output above.`);
  return true;
}

export function nextBin(root: string): string {
  return join(root, 'node_modules', '.bin', 'next');
}
