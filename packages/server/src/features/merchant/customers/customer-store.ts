import type { Selectable } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import { keysetPageWithTotal, type Page, type PageRequest } from '../../../platform/db/paginate.js';
import type { CustomerAddress } from './customers.schemas.js';
import type { MerchantCustomersTable } from './tables.js';

export type CustomerRow = Omit<Selectable<MerchantCustomersTable>, 'seq'>;

const COLUMNS = ['account_id', 'id', 'currency', 'addresses', 'created_at', 'updated_at'] as const;

// Every lookup is scoped by account: another account's customer simply does not exist here.
export async function findCustomerRow(
  db: Executor,
  accountId: string,
  id: string,
): Promise<CustomerRow | null> {
  const row = await db
    .selectFrom('merchant_customers')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** A customer's refund addresses as stored. */
export const addressesOf = (row: CustomerRow): CustomerAddress[] =>
  JSON.parse(row.addresses) as CustomerAddress[];

/**
 * The customer's refund address for `currency`, null when the customer or the address is not
 * there — for resources that send a held payment back (CRYPTOPAY-API.md §2.7).
 */
export async function findCustomerRefundAddress(
  db: Executor,
  accountId: string,
  customerId: string,
  currency: string,
): Promise<CustomerAddress | null> {
  const row = await findCustomerRow(db, accountId, customerId);
  return row ? (addressesOf(row).find((a) => a.currency === currency) ?? null) : null;
}

/**
 * Newest first, with the account's total. Null when `starting_after` is not one of this
 * account's customers.
 */
export async function listCustomerRows(
  db: Executor,
  accountId: string,
  page: PageRequest,
): Promise<(Page<CustomerRow> & { total: number }) | null> {
  const base = () => db.selectFrom('merchant_customers').where('account_id', '=', accountId);
  return keysetPageWithTotal(page, { list: base, select: (q) => q.select(COLUMNS) });
}

/** Throws the database's unique violation when the account already has a customer with this id. */
export async function insertCustomerRow(db: Executor, row: CustomerRow): Promise<void> {
  await db.insertInto('merchant_customers').values(row).execute();
}

/** The row as it is afterwards, or null when the account has no such customer. */
export async function updateCustomerRow(
  db: Executor,
  accountId: string,
  id: string,
  patch: Partial<Pick<CustomerRow, 'currency' | 'addresses'>> & { updated_at: string },
): Promise<CustomerRow | null> {
  const result = await db
    .updateTable('merchant_customers')
    .set(patch)
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return null;
  return findCustomerRow(db, accountId, id);
}
