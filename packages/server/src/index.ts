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

// For embedding and for the benchmarks, which drive the parts below directly (seeding keys,
// timing the worker and the pure verify core) instead of through HTTP.
export { openDb } from './platform/db/connect.js';
export { loadKeyring } from './platform/crypto/master-key.js';
export { createRequestSigner, verifyRequest } from './core/signature/index.js';
export { parseHttpDate } from './core/signature/http-date.js';
export { notFound, type ErrorEnvelope } from './platform/http/errors.js';
export { idParams, type ZodApp } from './platform/http/zod-app.js';
export { insertAccount } from './features/accounts/index.js';
export { apiKeySecretContext, newApiKey, newApiSecret } from './features/api-keys/index.js';
export { getInvoice } from './features/merchant/index.js';
export {
  CallbackWorker,
  createAddressPolicy,
  createCallbackAgent,
  enqueueCallback,
} from './features/callbacks/index.js';
