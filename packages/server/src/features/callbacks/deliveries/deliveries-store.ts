import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../platform/db/database.js';

type Executor = Kysely<Database> | Transaction<Database>;

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
