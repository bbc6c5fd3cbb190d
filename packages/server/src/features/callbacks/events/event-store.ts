import type { Executor } from '../../../platform/db/database.js';

export async function accountExists(db: Executor, accountId: string): Promise<boolean> {
  const row = await db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst();
  return row !== undefined;
}

/** The event an earlier publish with this key made for the account; null when there is none. */
export async function findByIdempotencyKey(db: Executor, accountId: string, key: string) {
  const row = await db
    .selectFrom('callbacks')
    .select(['id', 'event_id', 'body'])
    .where('account_id', '=', accountId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row ?? null;
}
