import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['packages/server/test/**/*.test.ts'],
          exclude: ['packages/server/test/reliability/**', '**/node_modules/**'],
          // Every file builds its own app and context (no module-level state, no module mocks), so
          // the module graph is loaded once per worker instead of once per file: ~120 s of imports
          // per run otherwise.
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'client', include: ['packages/client/test/**/*.test.ts'] } },
      {
        test: {
          name: 'browser',
          include: ['packages/web/test/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'reliability',
          include: ['packages/server/test/reliability/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
