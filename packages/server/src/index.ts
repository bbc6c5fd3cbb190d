/**
 * The server package's public entry, for embedding Signet and for the suites that must use public
 * entry points only (browser, reliability, bench).
 */
export { createSignetContext, createSignetServer, type SignetOptions } from './server.js';
export { FEATURES } from './features.js';
export { loadConfig, ConfigError, type Config } from './platform/config.js';
export type { AppContext } from './platform/context.js';
export type { Feature, DashboardRoutes } from './platform/feature.js';
export { tx, type Tx } from './platform/db/tx.js';
