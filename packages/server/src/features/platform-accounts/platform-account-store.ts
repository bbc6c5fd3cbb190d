import type { Executor } from '../../platform/db/database.js';
import { keysetPage, type Page, type PageRequest } from '../../platform/db/paginate.js';
import type { PlatformAccountView } from './platform-accounts.schemas.js';

function selectViews(db: Executor) {
  return db
    .selectFrom('accounts')
    .leftJoin('account_external_ids', 'account_external_ids.account_id', 'accounts.id')
    .select((eb) => [
      'accounts.id',
      'accounts.name',
      'accounts.status',
      'accounts.created_at',
      'accounts.callback_url',
      'account_external_ids.external_id',
      eb
        .selectFrom('users')
        .select((e) => e.fn.countAll().as('n'))
        .whereRef('users.account_id', '=', 'accounts.id')
        .as('users_count'),
      eb
        .selectFrom('api_keys')
        .select((e) => e.fn.countAll().as('n'))
        .whereRef('api_keys.account_id', '=', 'accounts.id')
        .as('keys_count'),
    ]);
}

type ViewRow = Awaited<ReturnType<ReturnType<typeof selectViews>['executeTakeFirstOrThrow']>>;

const toView = (row: ViewRow): PlatformAccountView => ({
  id: row.id,
  name: row.name,
  external_id: row.external_id ?? null,
  status: row.status,
  users_count: Number(row.users_count ?? 0),
  keys_count: Number(row.keys_count ?? 0),
  callback_url_set: row.callback_url !== null && row.callback_url !== '',
  created_at: row.created_at,
});

export async function findPlatformAccount(db: Executor, id: string): Promise<PlatformAccountView | null> {
  const row = await selectViews(db).where('accounts.id', '=', id).executeTakeFirst();
  return row ? toView(row) : null;
}

export async function findPlatformAccountByExternalId(
  db: Executor,
  externalId: string,
): Promise<PlatformAccountView | null> {
  const row = await selectViews(db)
    .where('account_external_ids.external_id', '=', externalId)
    .executeTakeFirst();
  return row ? toView(row) : null;
}

/** Newest first (created_at, then id); null when the cursor names no account. */
export function listPlatformAccountRows(
  db: Executor,
  page: PageRequest,
): Promise<Page<PlatformAccountView> | null> {
  return keysetPage(
    page,
    async (cursor) =>
      (await db
        .selectFrom('accounts')
        .select(['id', 'created_at'])
        .where('id', '=', cursor)
        .executeTakeFirst()) ?? null,
    async (before, limit) => {
      let query = selectViews(db)
        .orderBy('accounts.created_at', 'desc')
        .orderBy('accounts.id', 'desc')
        .limit(limit);
      if (before)
        query = query.where((eb) =>
          eb.or([
            eb('accounts.created_at', '<', before.created_at),
            eb.and([eb('accounts.created_at', '=', before.created_at), eb('accounts.id', '<', before.id)]),
          ]),
        );
      return (await query.execute()).map(toView);
    },
  );
}

export async function externalIdTaken(db: Executor, externalId: string): Promise<boolean> {
  const row = await db
    .selectFrom('account_external_ids')
    .select('account_id')
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Throws the database's unique violation when the external id is taken (a concurrent twin). */
export async function insertExternalId(db: Executor, accountId: string, externalId: string): Promise<void> {
  await db
    .insertInto('account_external_ids')
    .values({ account_id: accountId, external_id: externalId })
    .execute();
}

export async function userEmailTaken(db: Executor, email: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  return row !== undefined;
}

export interface RootInvitation {
  id: string;
  accountId: string;
  email: string;
  tokenHash: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * The Root's invitation of a provisioned account, in the users feature's invitations table (its
 * accept route creates the user with the invitation's role). The table's type allows only
 * invitable roles, since the dashboard can never invite a Root; the one-Root index still holds.
 */
export async function insertRootInvitation(db: Executor, inv: RootInvitation): Promise<void> {
  await db
    .insertInto('invitations')
    .values({
      id: inv.id,
      account_id: inv.accountId,
      email: inv.email,
      role: 'root' as unknown as 'admin',
      token_hash: inv.tokenHash,
      invited_by: '',
      created_at: inv.createdAt,
      expires_at: inv.expiresAt,
      accepted_at: null,
    })
    .execute();
}
