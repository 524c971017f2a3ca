import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Unit tests run in parallel; files named *.int.test.ts start processes and run one at a time
// (a second project with fileParallelism off) so two cores are not starved.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['{lib,daemons,scripts,test}/**/*.test.ts'], exclude: ['**/*.int.test.ts', 'node_modules/**'], testTimeout: 20_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['{lib,daemons,scripts,test}/**/*.int.test.ts'],
          fileParallelism: false,
          // Worker processes run the check thread code from dist/: built once per run, fresh.
          globalSetup: ['./scripts/build-daemons.mjs'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
