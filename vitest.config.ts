import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    // Integration files mostly wait on their own redis-servers and daemons, so four at a time fit two
    // cores; the default (cores - 1) would run them one by one.
    maxWorkers: 4,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['{lib,daemons,scripts,test,cli}/**/*.test.ts'], exclude: ['**/*.int.test.ts', 'node_modules/**'], testTimeout: 20_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['{lib,daemons,scripts,test,cli}/**/*.int.test.ts'],
          // Worker processes run the check thread code from dist/: built once per run, fresh.
          globalSetup: ['./scripts/build-daemons.mjs'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
