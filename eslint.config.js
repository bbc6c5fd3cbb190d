import fs from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const SERVER_SRC = path.resolve(import.meta.dirname, 'packages/server/src');
const ROOT_MODULES = ['./features.ts', './server.ts', './cli.ts', './index.ts', './contract.ts'];

/** Zones for import-x/no-restricted-paths, paths relative to SERVER_SRC. */
function importZones() {
  const features = fs
    .readdirSync(path.join(SERVER_SRC, 'features'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  return [
    {
      target: ['./platform', './core'],
      from: ['./features', ...ROOT_MODULES],
      message: 'platform and core code must not import features or the composition root.',
    },
    {
      target: './core',
      from: './platform',
      message: 'the core is pure: it imports neither platform nor features.',
    },
    {
      target: './features',
      from: ROOT_MODULES,
      message: 'features are composed by the root modules and must not import them.',
    },
    // One zone per feature: it may reach anything of its own and only the index.ts of the others.
    ...features.map((name) => ({
      target: `./features/${name}`,
      from: './features',
      except: [
        `./${name}`,
        ...features.filter((other) => other !== name).map((other) => `./${other}/index.ts`),
      ],
      message: "import another feature through its entry: '../<feature>/index.js'.",
    })),
  ];
}

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
  // through that feature's entry, index.ts. Checked on resolved paths (import-x resolves each
  // specifier, `.js` to the `.ts` beside it), so `../../features/x/y.js`, `export … from` and
  // literal `import()` are all caught however the path is spelled.
  {
    files: ['packages/server/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: SERVER_SRC, zones: importZones() }],
      // no-restricted-paths skips a specifier it cannot resolve; refusing unresolved relative
      // imports keeps a resolver mistake from switching the zones off silently.
      'import-x/no-unresolved': ['error', { ignore: ['^[^.]'] }],
    },
  },
);
