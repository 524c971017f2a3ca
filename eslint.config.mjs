import js from '@eslint/js';
import nextVitals from 'eslint-config-next/core-web-vitals';
import tseslint from 'typescript-eslint';

const UI_FILES = ['app/**/*.{ts,tsx}', 'ui/**/*.{ts,tsx}', 'proxy.ts'];

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', '.data/', 'dist/', 'test-results/', 'playwright-report/', 'bench/reports/', 'next-env.d.ts'] },
  js.configs.recommended,
  // Next.js, React and react-hooks rules, for the code React renders (elsewhere `use` is no hook).
  ...nextVitals.map((config) => (config.rules ? { ...config, files: UI_FILES } : config)),
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', URL: 'readonly',
        fetch: 'readonly', AbortController: 'readonly', performance: 'readonly', window: 'readonly',
        document: 'readonly', FormData: 'readonly', Response: 'readonly', Request: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Preloaded with `node --require`, so CommonJS.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', setImmediate: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // lib/ is the domain: it must not know about Next.js.
    files: ['lib/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['next', 'next/*'] }] },
  },
);
