import type { AppContext } from '../../platform/context.js';
import type { PermissionCatalogue } from '../../platform/permission-catalogue.js';
import { keysetPage, type PageRequest } from '../../platform/db/paginate.js';
import { tx } from '../../platform/db/tx.js';
import { conflict, fieldError, notFound, validationFailed } from '../../platform/http/errors.js';
import type { DashboardActor } from '../users/index.js';
import {
  apiKeyCursor,
  countApiKeys,
  deleteApiKey,
  insertApiKey,
  listApiKeys,
  lockAccountForKeys,
  type ApiKeyView,
} from './api-key-store.js';
import type { ApiKeyList, CreateApiKeyBody, CreatedApiKey } from './api-keys.schemas.js';
import { parseIpWhitelist } from './ip-whitelist.js';
import { API_KEY_CHANGED } from './key-change-notice.js';

/**
 * What a key holds, split by the catalogue in force: a config may have dropped an id since the key
 * was created. The key keeps it (no migration, and it comes back if the config does), but it
 * grants nothing and is listed apart.
 */
export function splitPermissions(catalogue: PermissionCatalogue, held: readonly string[]) {
  return {
    permissions: held.filter((id) => catalogue.has(id)),
    removed_permissions: held.filter((id) => !catalogue.has(id)),
  };
}

const withCatalogue = (ctx: AppContext, key: ApiKeyView): ApiKeyList['data'][number] => ({
  ...key,
  ...splitPermissions(ctx.permissions, key.permissions),
});

/** The account's keys, newest first, a page at a time, without their secrets. */
export async function listKeys(ctx: AppContext, accountId: string, page: PageRequest): Promise<ApiKeyList> {
  const db = ctx.db.kysely;
  const result = await keysetPage(
    page,
    (cursor) => apiKeyCursor(db, accountId, cursor),
    (before, limit) => listApiKeys(db, accountId, before, limit),
  );
  if (!result) throw fieldError('querystring.starting_after', 'must be an API key id');
  return { data: result.rows.map((key) => withCatalogue(ctx, key)), meta: { has_more: result.hasMore } };
}

/**
 * Creates a key; the returned secret is never readable again. An account holds at most
 * `maxApiKeysPerAccount` keys (counted under a lock on its row, so concurrent requests cannot pass
 * the cap): one more is a 409.
 */
export async function createKey(
  ctx: AppContext,
  who: DashboardActor & { email: string },
  input: CreateApiKeyBody,
): Promise<CreatedApiKey> {
  const unknown = input.permissions.flatMap((id, i) =>
    ctx.permissions.has(id) ? [] : [{ field: `permissions.${i}`, message: `unknown permission "${id}"` }],
  );
  if (unknown.length > 0) throw validationFailed(unknown);
  const whitelist = parseIpWhitelist(input.ip_whitelist);
  if (!whitelist.ok) throw validationFailed(whitelist.errors);
  const max = ctx.config.maxApiKeysPerAccount;
  const { key, apiSecret } = await tx(ctx, async (t) => {
    await lockAccountForKeys(t.db, who.accountId);
    if ((await countApiKeys(t.db, who.accountId)) >= max)
      throw conflict(`this account already has ${max} API keys, the most it may have; delete one first`, [
        { reason: 'max_api_keys', limit: max },
      ]);
    const created = await insertApiKey(ctx, t.db, {
      accountId: who.accountId,
      name: input.name,
      permissions: input.permissions,
      ipWhitelist: whitelist.entries,
      createdBy: who.email,
    });
    await t.audit({
      accountId: who.accountId,
      actor: who.actor,
      ip: who.ip,
      action: 'api_key.created',
      target: created.key.api_key,
    });
    // Other instances may hold a cached "unknown key" for this id; the key must work at once.
    await t.broadcast(API_KEY_CHANGED, created.key.api_key);
    return created;
  });
  return {
    id: key.id,
    api_key: key.api_key,
    api_secret: apiSecret,
    name: key.name,
    ...splitPermissions(ctx.permissions, key.permissions),
    ip_whitelist: key.ip_whitelist,
    created_at: key.created_at,
  };
}

/** Deletes a key; requests signed with it fail from the commit on, on every instance. */
export async function deleteKey(ctx: AppContext, who: DashboardActor, id: string): Promise<void> {
  const apiKey = await tx(ctx, async (t) => {
    const deleted = await deleteApiKey(t.db, who.accountId, id);
    if (deleted === null) return null;
    await t.audit({
      accountId: who.accountId,
      actor: who.actor,
      ip: who.ip,
      action: 'api_key.deleted',
      target: deleted,
    });
    await t.broadcast(API_KEY_CHANGED, deleted);
    return deleted;
  });
  // Another account's key is as absent as a key that never existed.
  if (apiKey === null) throw notFound('API key');
}
