import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import type { Executor } from '../../platform/db/database.js';
import type { AccountStatus } from '../accounts/index.js';
import { isWellFormedApiKey, newApiKey, newApiSecret } from './key-material.js';

/** AAD for a sealed API secret: the ciphertext only opens on the key row it was written for. */
export const apiKeySecretContext = (id: string) => `api_keys.secret:${id}`;

/** What the dashboard may see of a key: everything but the secret. */
export interface ApiKeyView {
  id: string;
  api_key: string;
  name: string;
  permissions: string[];
  ip_whitelist: string[];
  created_at: string;
  created_by: string;
  last_used_at: string | null;
  last_used_ip: string | null;
}

export interface NewApiKey {
  accountId: string;
  name: string;
  permissions: readonly string[];
  /** Already normalised by parseIpWhitelist. */
  ipWhitelist: readonly string[];
  createdBy: string;
  /** Fixed values for tests and fixtures (the protocol vectors); random otherwise. */
  apiKey?: string;
  apiSecret?: string;
}

export async function insertApiKey(
  ctx: AppContext,
  db: Executor,
  input: NewApiKey,
): Promise<{ key: ApiKeyView; apiSecret: string }> {
  const id = randomUUID();
  const apiKey = input.apiKey ?? newApiKey();
  if (!isWellFormedApiKey(apiKey)) throw new Error('an API key must be 22 base64url characters');
  const apiSecret = input.apiSecret ?? newApiSecret();
  const sealed = ctx.keyring.seal(apiSecret, apiKeySecretContext(id));
  const key: ApiKeyView = {
    id,
    api_key: apiKey,
    name: input.name,
    permissions: [...input.permissions],
    ip_whitelist: [...input.ipWhitelist],
    created_at: ctx.now().toISOString(),
    created_by: input.createdBy,
    last_used_at: null,
    last_used_ip: null,
  };
  await db
    .insertInto('api_keys')
    .values({
      id,
      account_id: input.accountId,
      api_key: apiKey,
      name: key.name,
      permissions: JSON.stringify(key.permissions),
      ip_whitelist: JSON.stringify(key.ip_whitelist),
      secret_enc: sealed.ciphertext,
      secret_key_id: sealed.keyId,
      created_at: key.created_at,
      created_by: key.created_by,
    })
    .execute();
  return { key, apiSecret };
}

/** The order key of one of the account's keys (a page cursor); null when the account has no such key. */
export async function apiKeyCursor(db: Executor, accountId: string, id: string) {
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'created_at'])
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row ?? null;
}

/** Up to `limit` of the account's keys, newest first (created_at, then id), after `before` when given. */
export async function listApiKeys(
  db: Executor,
  accountId: string,
  before: { id: string; created_at: string } | undefined,
  limit: number,
): Promise<ApiKeyView[]> {
  let query = db
    .selectFrom('api_keys')
    .select([
      'id',
      'api_key',
      'name',
      'permissions',
      'ip_whitelist',
      'created_at',
      'created_by',
      'last_used_at',
      'last_used_ip',
    ])
    .where('account_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit);
  if (before)
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', before.created_at),
        eb.and([eb('created_at', '=', before.created_at), eb('id', '<', before.id)]),
      ]),
    );
  const rows = await query.execute();
  return rows.map((r) => ({
    ...r,
    permissions: JSON.parse(r.permissions) as string[],
    ip_whitelist: JSON.parse(r.ip_whitelist) as string[],
  }));
}

export async function countApiKeys(db: Executor, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('api_keys')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Locks the account's row until the transaction ends, so that key creations of one account are
 * counted one at a time and the cap holds under concurrent requests on PostgreSQL (SQLite runs one
 * write transaction at a time anyway). A no-op update is the portable row lock.
 */
export async function lockAccountForKeys(db: Executor, accountId: string): Promise<void> {
  await db
    .updateTable('accounts')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', accountId)
    .execute();
}

/** Deletes one of the account's keys; returns its public key id, or null when it has no such key. */
export async function deleteApiKey(db: Executor, accountId: string, id: string): Promise<string | null> {
  const row = await db
    .deleteFrom('api_keys')
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .returning('api_key')
    .executeTakeFirst();
  return row?.api_key ?? null;
}

/** Everything request authentication needs about a key, with its secret opened. */
export interface KeyForAuth {
  id: string;
  apiKey: string;
  name: string;
  accountId: string;
  accountStatus: AccountStatus;
  permissions: string[];
  ipWhitelist: string[];
  secret: string;
}

export async function findKeyForAuth(
  ctx: AppContext,
  apiKey: string,
  db: Executor = ctx.db.kysely,
): Promise<KeyForAuth | null> {
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('accounts', 'accounts.id', 'api_keys.account_id')
    .select([
      'api_keys.id',
      'api_keys.account_id',
      'api_keys.name',
      'api_keys.permissions',
      'api_keys.ip_whitelist',
      'api_keys.secret_enc',
      'api_keys.secret_key_id',
      'accounts.status',
    ])
    .where('api_keys.api_key', '=', apiKey)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    apiKey,
    name: row.name,
    accountId: row.account_id,
    accountStatus: row.status,
    permissions: JSON.parse(row.permissions) as string[],
    ipWhitelist: JSON.parse(row.ip_whitelist) as string[],
    secret: ctx.keyring.open(
      { keyId: row.secret_key_id, ciphertext: row.secret_enc },
      apiKeySecretContext(row.id),
    ),
  };
}

export interface KeyUsage {
  id: string;
  at: string;
  ip: string;
}

/** Records when and from where keys were last used; never moves a timestamp backwards. */
export async function recordKeyUsage(db: Executor, usage: readonly KeyUsage[]): Promise<void> {
  for (const u of usage) {
    await db
      .updateTable('api_keys')
      .set({ last_used_at: u.at, last_used_ip: u.ip })
      .where('id', '=', u.id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', u.at)]))
      .execute();
  }
}
