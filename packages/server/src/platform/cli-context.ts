import type { Config } from './config.js';
import type { CliContext, Feature } from './feature.js';
import { createContext } from './runtime.js';

export function cliContext(config: () => Config, features: readonly Feature[]): CliContext {
  return {
    config,
    async withContext(fn) {
      const ctx = await createContext({ ...config(), logLevel: 'silent' }, features);
      try {
        return await fn(ctx);
      } finally {
        await ctx.db.close();
      }
    },
  };
}

export type { CliContext } from './feature.js';
