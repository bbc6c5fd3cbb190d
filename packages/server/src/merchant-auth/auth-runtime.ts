import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../context.js';
import { findKeyForAuth } from '../keys/api-key-store.js';
import { buildWhitelist } from '../keys/ip-whitelist.js';
import { onKeyChange } from '../keys/key-change-notice.js';
import { createRequestSigner } from '../signature/index.js';
import { KeyCache, type CachedKey } from './key-cache.js';
import { listenForKeyChanges, type KeyChangeListener } from './key-change-listener.js';
import { UsageRecorder } from './usage-recorder.js';

/** The key cache and usage recorder of one app (one AppContext), shared by its merchant route scopes. */
export interface AuthRuntime {
  cache: KeyCache;
  usage: UsageRecorder;
}

const USAGE_FLUSH_MS = 5000;

interface Held {
  runtime: AuthRuntime;
  users: number;
  stop(): Promise<void>;
}

const byContext = new WeakMap<AppContext, Held>();

export async function loadCachedKey(ctx: AppContext, apiKey: string): Promise<CachedKey | null> {
  const key = await findKeyForAuth(ctx, apiKey);
  if (!key) return null;
  return {
    id: key.id,
    apiKey: key.apiKey,
    accountId: key.accountId,
    accountStatus: key.accountStatus,
    permissions: new Set(key.permissions),
    whitelist: buildWhitelist(key.ipWhitelist),
    signer: createRequestSigner(key.secret),
  };
}

/** Starts (or joins) the runtime of `ctx`; every acquire is paired with one release on close. */
export async function acquireAuthRuntime(ctx: AppContext, log: FastifyBaseLogger): Promise<AuthRuntime> {
  const held = byContext.get(ctx);
  if (held) {
    held.users++;
    return held.runtime;
  }
  const cache = new KeyCache({ load: (apiKey) => loadCachedKey(ctx, apiKey) });
  const usage = new UsageRecorder(ctx);
  const unsubscribe = onKeyChange(ctx, (change) => cache.invalidate(change));
  let listener: KeyChangeListener | null = null;
  const entry: Held = {
    runtime: { cache, usage },
    users: 1,
    async stop() {
      clearInterval(timer);
      unsubscribe();
      await listener?.close();
      await usage.flush().catch((err: unknown) => log.error({ err }, 'could not record API key usage'));
    },
  };
  byContext.set(ctx, entry);
  const timer = setInterval(() => {
    cache.sweep();
    usage.flush().catch((err: unknown) => log.error({ err }, 'could not record API key usage'));
  }, USAGE_FLUSH_MS);
  timer.unref();
  try {
    listener = await listenForKeyChanges(
      ctx,
      (c) => cache.invalidate(c),
      () => cache.invalidateAll(),
      log,
    );
  } catch (err) {
    // Without notifications the cache's bounded staleness still applies; serve rather than fail.
    log.error({ err }, 'could not listen for API key changes');
  }
  return entry.runtime;
}

export async function releaseAuthRuntime(ctx: AppContext): Promise<void> {
  const held = byContext.get(ctx);
  if (!held || --held.users > 0) return;
  byContext.delete(ctx);
  await held.stop();
}

/** The running runtime of `ctx` (tests flush usage through it); undefined before any merchant scope starts. */
export const authRuntimeOf = (ctx: AppContext): AuthRuntime | undefined => byContext.get(ctx)?.runtime;
