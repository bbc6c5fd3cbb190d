import type { Executor } from '../../platform/db/database.js';
import type { IdempotencyKeysTable } from './tables.js';

export async function findIdempotencyRecord(
  db: Executor,
  scope: string,
  key: string,
): Promise<IdempotencyKeysTable | null> {
  const row = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
  return row ?? null;
}

/** Throws the database's unique violation when (scope, key) is taken: the caller replays that one. */
export async function insertIdempotencyRecord(db: Executor, row: IdempotencyKeysTable): Promise<void> {
  await db.insertInto('idempotency_keys').values(row).execute();
}

export async function completeIdempotencyRecord(
  db: Executor,
  id: string,
  answer: { status: number; body: string; body_key_id: string },
): Promise<void> {
  await db.updateTable('idempotency_keys').set(answer).where('id', '=', id).execute();
}
