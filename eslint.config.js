import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      // Node's globals, for the plain .mjs scripts (TypeScript files get them from @types/node).
      globals: Object.fromEntries(
        [
          'process',
          'console',
          'URL',
          'URLSearchParams',
          'Buffer',
          'performance',
          'fetch',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'setImmediate',
          'AbortController',
          'TextDecoder',
          'TextEncoder',
          'structuredClone',
        ].map((name) => [name, 'readonly']),
      ),
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },

  // Imports point one way (docs/ARCHITECTURE.md): the platform and the core import no feature and
  // not the composition root; the core imports no platform; a feature imports another feature only
  // through that feature's entry, index.ts.
  {
    files: ['packages/server/src/platform/**/*.ts', 'packages/server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(features|features\\.js|server\\.js|cli\\.js|contract\\.js)(/|$)',
              message: 'platform and core code must not import features or the composition root',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(features|platform)(/|$)',
              message: 'the core is pure: it imports neither platform nor features',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/server/src/features/*/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!\\.\\./)[^/]+/(?!index\\.js$).+',
              message: "import another feature through its entry: '../<feature>/index.js'",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/server/src/features/*/*/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./\\.\\./(?!\\.\\./)[^/]+/(?!index\\.js$).+',
              message: "import another feature through its entry: '../../<feature>/index.js'",
            },
          ],
        },
      ],
    },
  },
);
