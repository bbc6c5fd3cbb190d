import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../../platform/context.js';
import { TokenCache, type CachedToken } from './token-cache.js';
import { findLiveTokenByHash, recordTokenUse } from './token-store.js';
import { SERVICE_TOKEN_CHANGED } from './token-service.js';

/** The service-token cache and last-use recorder of one app. */
export interface ServiceTokens {
  cache: TokenCache;
  /** Remembers a use; written to last_used_at in batches. */
  recordUse(id: string): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    serviceTokens: ServiceTokens;
  }
}

const FLUSH_MS = 5000;

async function loadToken(ctx: AppContext, tokenHash: string): Promise<CachedToken | null> {
  const row = await findLiveTokenByHash(ctx.db.kysely, tokenHash);
  if (!row) return null;
  return { id: row.id, name: row.name, scopes: new Set(row.scopes), tokenHash: row.token_hash };
}

/**
 * Decorates the root app with `serviceTokens` (fastify-plugin, so the `/platform/v1` scope shares
 * it), subscribed to token changes for as long as the app lives; last uses are flushed on preClose.
 */
export const serviceTokensPlugin = (ctx: AppContext) =>
  fp(
    async (app: FastifyInstance) => {
      const cache = new TokenCache({ load: (hash) => loadToken(ctx, hash) });
      let pending = new Map<string, Date>();
      const unsubscribe = [
        ctx.signals.on(SERVICE_TOKEN_CHANGED, () => cache.invalidateAll()),
        ctx.signals.onGap(() => cache.invalidateAll()),
      ];
      const flush = async () => {
        if (pending.size === 0) return;
        const batch = [...pending].map(([id, at]) => ({ id, at: at.toISOString() }));
        pending = new Map();
        await ctx.db.kysely
          .transaction()
          .execute((trx) => recordTokenUse(trx, batch))
          .catch((err: unknown) => app.log.error({ err }, 'could not record service token use'));
      };
      const timer = setInterval(() => {
        cache.sweep();
        void flush();
      }, FLUSH_MS);
      timer.unref();
      app.decorate('serviceTokens', {
        cache,
        recordUse: (id: string) => void pending.set(id, ctx.now()),
      });
      app.addHook('preClose', async () => {
        clearInterval(timer);
        for (const off of unsubscribe) off();
        await flush();
      });
    },
    { name: 'signet-service-tokens' },
  );
