import type { Executor } from '../../../platform/db/database.js';
import type { CallbackStatus } from '../tables.js';

/** The order key (outbox sequence) of one of the account's callbacks; null when it has none by that id. */
export async function callbackSeq(db: Executor, accountId: string, id: string): Promise<number | null> {
  const row = await db
    .selectFrom('callbacks')
    .select('seq')
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row?.seq ?? null;
}

/** Up to `limit` of the account's callbacks, newest first, below sequence `before` when given. */
export async function listCallbackRows(
  db: Executor,
  accountId: string,
  status: CallbackStatus | undefined,
  before: number | undefined,
  limit: number,
) {
  let query = db
    .selectFrom('callbacks')
    .select([
      'id',
      'event_id',
      'type',
      'event',
      'source',
      'url',
      'status',
      'next_attempt_at',
      'created_at',
      'delivered_at',
    ])
    .where('account_id', '=', accountId)
    .orderBy('seq', 'desc')
    .limit(limit);
  if (status) query = query.where('status', '=', status);
  if (before !== undefined) query = query.where('seq', '<', before);
  return query.execute();
}

/** Every attempt of the given callbacks, in attempt order: one query whatever the page size. */
export async function listAttempts(db: Executor, callbackIds: readonly string[]) {
  if (callbackIds.length === 0) return [];
  return db
    .selectFrom('callback_attempts')
    .select(['callback_id', 'at', 'http_status', 'error', 'duration_ms', 'response_excerpt'])
    .where('callback_id', 'in', [...callbackIds])
    .orderBy('callback_id')
    .orderBy('attempt')
    .execute();
}

/** Makes the callback due now with a fresh failure count; false when it is not this account's. */
export async function restartDelivery(
  db: Executor,
  accountId: string,
  id: string,
  now: string,
): Promise<boolean> {
  const res = await db
    .updateTable('callbacks')
    .set({ status: 'pending', next_attempt_at: now, cycle_failures: 0, lease_owner: null, lease_until: null })
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
