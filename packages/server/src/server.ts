import type { FastifyInstance } from 'fastify';
import { FEATURES } from './features.js';
import { buildApp, type AppOptions } from './platform/app.js';
import type { Config } from './platform/config.js';
import type { AppContext } from './platform/context.js';
import type { Feature } from './platform/feature.js';
import { createContext, type ContextOptions } from './platform/runtime.js';

/**
 * What `signet serve` runs, assembled in one place so tests, the bench and the CLI start exactly
 * the same thing. `extraFeatures` lets a caller (the bench) add routes of its own from its side.
 */
export interface SignetOptions extends Omit<AppOptions, 'features'> {
  extraFeatures?: readonly Feature[];
}

export const createSignetContext = (
  config: Config,
  options: ContextOptions & { extraFeatures?: readonly Feature[] } = {},
) => createContext(config, [...FEATURES, ...(options.extraFeatures ?? [])], options);

export function createSignetServer(ctx: AppContext, options: SignetOptions = {}): Promise<FastifyInstance> {
  const { extraFeatures = [], ...rest } = options;
  return buildApp(ctx, { ...rest, features: [...FEATURES, ...extraFeatures] });
}
