import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { tx } from '../../platform/db/tx.js';
import { isScope, type Scope } from './scopes.js';
import { hashServiceToken, newServiceToken } from './token-material.js';
import { insertServiceToken, listServiceTokenRows, setRevoked, type ServiceTokenRow } from './token-store.js';

/**
 * Broadcast when a service token is revoked (payload: its id): every instance's token cache
 * forgets it, here at once and elsewhere at commit (PostgreSQL); the cache's 750 ms bound covers
 * a lost notice.
 */
export const SERVICE_TOKEN_CHANGED = 'service_token.changed';

export interface CreatedServiceToken {
  id: string;
  name: string;
  scopes: Scope[];
  /** Shown once: only its hash is stored. */
  token: string;
}

export class UnknownScopeError extends Error {
  constructor(readonly scope: string) {
    super(`unknown scope: ${scope}`);
  }
}

/** Creates a token with the given scopes; throws UnknownScopeError naming the first unknown one. */
export async function createServiceToken(
  ctx: AppContext,
  name: string,
  scopes: readonly string[],
): Promise<CreatedServiceToken> {
  const unknown = scopes.find((s) => !isScope(s));
  if (unknown !== undefined) throw new UnknownScopeError(unknown);
  const trimmed = name.trim();
  if (!trimmed) throw new Error('a token needs a name');
  const granted = [...new Set(scopes)] as Scope[];
  const token = newServiceToken();
  const id = randomUUID();
  await tx(ctx, async (t) => {
    await insertServiceToken(t.db, {
      id,
      name: trimmed,
      scopes: JSON.stringify(granted),
      token_hash: hashServiceToken(token),
      created_at: t.now.toISOString(),
      revoked_at: null,
      last_used_at: null,
    });
    // A token created after a failed look-up of the same value must not wait for the negative entry.
    await t.broadcast(SERVICE_TOKEN_CHANGED, id);
  });
  return { id, name: trimmed, scopes: granted, token };
}

export const listServiceTokens = (ctx: AppContext): Promise<ServiceTokenRow[]> =>
  listServiceTokenRows(ctx.db.kysely);

/** Revokes at once on every instance; null when no such token, false when it already was revoked. */
export async function revokeServiceToken(ctx: AppContext, id: string): Promise<boolean | null> {
  return tx(ctx, async (t) => {
    const revoked = await setRevoked(t.db, id, t.now.toISOString());
    if (revoked) await t.broadcast(SERVICE_TOKEN_CHANGED, id);
    return revoked;
  });
}
