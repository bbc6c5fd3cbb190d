import type { Executor } from '../../../platform/db/database.js';

export async function findCallbackUrl(db: Executor, accountId: string): Promise<string | null> {
  const row = await db
    .selectFrom('accounts')
    .select('callback_url')
    .where('id', '=', accountId)
    .executeTakeFirst();
  return row?.callback_url ?? null;
}

export async function updateCallbackUrl(db: Executor, accountId: string, url: string | null, at: string) {
  await db
    .updateTable('accounts')
    .set({ callback_url: url, updated_at: at })
    .where('id', '=', accountId)
    .execute();
}
