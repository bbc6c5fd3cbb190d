import type { Executor } from '../../../platform/db/database.js';

/** The CLI names the account by id; an unknown one is a usage error, not a foreign-key failure. */
export async function accountExists(db: Executor, accountId: string): Promise<boolean> {
  const row = await db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst();
  return row !== undefined;
}
