import type { AppContext } from '../../../platform/context.js';
import { readCallbackSecret } from '../settings/callback-secret.js';

export interface Destination {
  url: string;
  secret: string;
}

/** Where each account's callbacks go now, with the secret to sign them; no URL → no destination. */
export async function readDestinations(
  ctx: AppContext,
  accountIds: Set<string>,
): Promise<Map<string, Destination>> {
  const rows = await ctx.db.kysely
    .selectFrom('accounts')
    .select(['id', 'callback_url'])
    .where('id', 'in', [...accountIds])
    .execute();
  const out = new Map<string, Destination>();
  for (const row of rows) {
    if (row.callback_url)
      out.set(row.id, { url: row.callback_url, secret: await readCallbackSecret(ctx, row.id) });
  }
  return out;
}
