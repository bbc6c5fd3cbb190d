import { randomBytes, randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import type { Executor } from '../../platform/db/database.js';
import type { AccountStatus } from './tables.js';

export interface Account {
  id: string;
  name: string;
  status: AccountStatus;
  created_at: string;
}

/** AAD for the sealed callback secret: it only opens on the row it was written for. */
export const callbackSecretContext = (accountId: string) => `accounts.callback_secret:${accountId}`;

export const newCallbackSecret = () => randomBytes(32).toString('base64url');

export async function insertAccount(
  ctx: AppContext,
  db: Executor,
  name: string,
  status: AccountStatus,
): Promise<Account> {
  const id = randomUUID();
  const now = ctx.now().toISOString();
  const sealed = ctx.keyring.seal(newCallbackSecret(), callbackSecretContext(id));
  await db
    .insertInto('accounts')
    .values({
      id,
      name,
      status,
      callback_url: null,
      callback_secret_enc: sealed.ciphertext,
      callback_secret_key_id: sealed.keyId,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, name, status, created_at: now };
}

export async function findAccount(db: Executor, id: string): Promise<Account | undefined> {
  return db
    .selectFrom('accounts')
    .select(['id', 'name', 'status', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listAccounts(db: Executor): Promise<(Account & { users: number })[]> {
  const rows = await db
    .selectFrom('accounts')
    .leftJoin('users', 'users.account_id', 'accounts.id')
    .select(({ fn }) => [
      'accounts.id',
      'accounts.name',
      'accounts.status',
      'accounts.created_at',
      fn.count<number>('users.id').as('users'),
    ])
    .groupBy(['accounts.id', 'accounts.name', 'accounts.status', 'accounts.created_at'])
    .orderBy('accounts.created_at')
    .execute();
  return rows.map((r) => ({ ...r, users: Number(r.users) }));
}

/** False when no account has that id. Takes the time, not a context: the CLI has no AppContext. */
export async function setAccountStatus(db: Executor, id: string, status: AccountStatus, now: Date) {
  const result = await db
    .updateTable('accounts')
    .set({ status, updated_at: now.toISOString() })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
