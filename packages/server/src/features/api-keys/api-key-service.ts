import type { AppContext } from '../../platform/context.js';
import type { PermissionCatalogue } from '../../platform/permission-catalogue.js';
import { tx } from '../../platform/db/tx.js';
import { notFound, validationFailed } from '../../platform/http/errors.js';
import type { DashboardActor } from '../users/index.js';
import { deleteApiKey, insertApiKey, listApiKeys, type ApiKeyView } from './api-key-store.js';
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

/** The account's keys, newest first, without their secrets. */
export async function listKeys(ctx: AppContext, accountId: string): Promise<ApiKeyList> {
  const keys = await listApiKeys(ctx.db.kysely, accountId);
  return { data: keys.map((key) => withCatalogue(ctx, key)) };
}

/** Creates a key; the returned secret is never readable again. */
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
  const { key, apiSecret } = await tx(ctx, async (t) => {
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
