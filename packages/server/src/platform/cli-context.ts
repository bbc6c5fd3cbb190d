import type { Config } from './config.js';
import type { AppContext } from './context.js';
import type { Feature } from './feature.js';
import { createContext } from './runtime.js';

/** What a feature's CLI command receives: the validated config, and the same core context the server builds. */
export interface CliContext {
  config(): Config;
  /** Opens the core context (schema brought up to date), runs `fn`, always closes it. */
  withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T>;
}

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
