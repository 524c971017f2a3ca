import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildDaemons } from '../scripts/build-daemons.mjs';
import { exited, ROOT, startLogged } from './support/system';

/**
 * Once for the whole run: the production build the UI servers start from (made when .next is
 * missing; E2E_REBUILD=1 forces a fresh one after changing the app). Each Playwright worker then
 * starts a system of its own on it (support/fixtures.ts).
 */
export default async function globalSetup() {
  // The daemons built to dist/ and run with plain node, as the systemd units run them.
  await buildDaemons(ROOT);
  if (process.env.E2E_REBUILD !== '1' && existsSync(join(ROOT, '.next', 'BUILD_ID'))) return;
  const build = startLogged('next-build', join(ROOT, 'node_modules/.bin/next'), ['build'], {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_SKIP_TYPECHECK: '1',
    NEXT_TELEMETRY_DISABLED: '1',
  });
  if ((await exited(build)) !== 0) throw new Error('next build failed; see test-results/e2e-logs/next-build.log');
}
