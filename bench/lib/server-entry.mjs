// The server package's public entry (packages/server/src/index.ts, built to dist/index.js): the
// only part of the server the benchmarks import. BENCH_SERVER_DIST points at another build (A/B).
import path from 'node:path';
import { SERVER_DIST } from './env.mjs';

export const {
  createSignetContext,
  createSignetServer,
  loadConfig,
  getInvoice,
  idParams,
  notFound,
  openDb,
  loadKeyring,
  apiKeySecretContext,
  newApiKey,
  newApiSecret,
  insertAccount,
  enqueueCallback,
  tx,
  CallbackWorker,
  createAddressPolicy,
  createCallbackAgent,
  createRequestSigner,
  verifyRequest,
} = await import(path.join(SERVER_DIST, 'index.js'));
