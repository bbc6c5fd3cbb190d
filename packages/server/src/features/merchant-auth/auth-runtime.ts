import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../../platform/context.js';
import { ACCOUNT_STATUS_CHANGED } from '../accounts/index.js';
import { findKeyForAuth } from '../api-keys/index.js';
import { buildWhitelist } from '../api-keys/index.js';
import { API_KEY_CHANGED } from '../api-keys/index.js';
import { createRequestSigner } from '../../core/signature/index.js';
import { KeyCache, type CachedKey } from './key-cache.js';
import { UsageRecorder } from './usage-recorder.js';

/** The key cache and usage recorder of one app, shared by every scope that authenticates keys. */
export interface KeyAuth {
  cache: KeyCache;
  usage: UsageRecorder;
}

declare module 'fastify' {
  interface FastifyInstance {
    keyAuth: KeyAuth;
  }
}

const USAGE_FLUSH_MS = 5000;

export async function loadCachedKey(ctx: AppContext, apiKey: string): Promise<CachedKey | null> {
  const key = await findKeyForAuth(ctx, apiKey);
  if (!key) return null;
  return {
    id: key.id,
    apiKey: key.apiKey,
    name: key.name,
    accountId: key.accountId,
    accountStatus: key.accountStatus,
    permissions: new Set(key.permissions.filter((id) => ctx.permissions.has(id))),
    whitelist: buildWhitelist(key.ipWhitelist),
    signer: createRequestSigner(key.secret),
  };
}

/**
 * Decorates the root app with `keyAuth` (through fastify-plugin, so every scope that admits keys
 * shares one cache), subscribed to key and account changes for as long as the app lives. Usage is
 * flushed on preClose, before the database closes.
 */
export const keyAuthPlugin = (ctx: AppContext) =>
  fp(
    async (app: FastifyInstance) => {
      const cache = new KeyCache({ load: (apiKey) => loadCachedKey(ctx, apiKey) });
      const usage = new UsageRecorder(ctx);
      const unsubscribe = [
        ctx.signals.on(API_KEY_CHANGED, (apiKey) => cache.invalidate({ apiKey })),
        ctx.signals.on(ACCOUNT_STATUS_CHANGED, (accountId) => cache.invalidate({ accountId })),
        ctx.signals.onGap(() => cache.invalidateAll()),
      ];
      const flush = () =>
        usage.flush().catch((err: unknown) => app.log.error({ err }, 'could not record API key usage'));
      const timer = setInterval(() => {
        cache.sweep();
        void flush();
      }, USAGE_FLUSH_MS);
      timer.unref();
      app.decorate('keyAuth', { cache, usage });
      app.addHook('preClose', async () => {
        clearInterval(timer);
        for (const off of unsubscribe) off();
        await flush();
      });
    },
    { name: 'signet-key-auth' },
  );
