import { callbackSecretContext, newCallbackSecret } from '../../accounts/index.js';
import type { AppContext } from '../../../platform/context.js';
import type { Executor } from '../../../platform/db/database.js';

/** The account's current callback secret, decrypted; read at send time so a regeneration applies at once. */
export async function readCallbackSecret(ctx: AppContext, accountId: string, db: Executor = ctx.db.kysely) {
  const row = await db
    .selectFrom('accounts')
    .select(['callback_secret_enc', 'callback_secret_key_id'])
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  return ctx.keyring.open(
    { keyId: row.callback_secret_key_id, ciphertext: row.callback_secret_enc },
    callbackSecretContext(accountId),
  );
}

export async function replaceCallbackSecret(
  ctx: AppContext,
  accountId: string,
  db: Executor,
): Promise<string> {
  const secret = newCallbackSecret();
  const sealed = ctx.keyring.seal(secret, callbackSecretContext(accountId));
  await db
    .updateTable('accounts')
    .set({
      callback_secret_enc: sealed.ciphertext,
      callback_secret_key_id: sealed.keyId,
      updated_at: ctx.now().toISOString(),
    })
    .where('id', '=', accountId)
    .execute();
  return secret;
}
