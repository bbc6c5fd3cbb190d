import type { Executor } from '../../platform/db/database.js';
import type { Scope } from './scopes.js';
import type { ServiceTokensTable } from './tables.js';

export interface ServiceTokenRow {
  id: string;
  name: string;
  scopes: Scope[];
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

const parse = (row: Omit<ServiceTokensTable, 'token_hash'>): ServiceTokenRow => ({
  ...row,
  scopes: JSON.parse(row.scopes) as Scope[],
});

export async function insertServiceToken(db: Executor, row: ServiceTokensTable): Promise<void> {
  await db.insertInto('service_tokens').values(row).execute();
}

export async function listServiceTokenRows(db: Executor): Promise<ServiceTokenRow[]> {
  const rows = await db
    .selectFrom('service_tokens')
    .select(['id', 'name', 'scopes', 'created_at', 'revoked_at', 'last_used_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(parse);
}

/** The live (not revoked) token with that hash, with the hash as stored; null when none. */
export async function findLiveTokenByHash(
  db: Executor,
  tokenHash: string,
): Promise<{ id: string; name: string; scopes: Scope[]; token_hash: string } | null> {
  const row = await db
    .selectFrom('service_tokens')
    .select(['id', 'name', 'scopes', 'token_hash'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? { ...row, scopes: JSON.parse(row.scopes) as Scope[] } : null;
}

/** Marks the token revoked; null when no such token, else whether this call revoked it. */
export async function setRevoked(db: Executor, id: string, nowIso: string): Promise<boolean | null> {
  const row = await db
    .selectFrom('service_tokens')
    .select('revoked_at')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  if (row.revoked_at !== null) return false;
  await db.updateTable('service_tokens').set({ revoked_at: nowIso }).where('id', '=', id).execute();
  return true;
}

export async function recordTokenUse(db: Executor, uses: { id: string; at: string }[]): Promise<void> {
  for (const use of uses)
    await db
      .updateTable('service_tokens')
      .set({ last_used_at: use.at })
      .where('id', '=', use.id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', use.at)]))
      .execute();
}
